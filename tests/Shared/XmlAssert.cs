using Org.XmlUnit.Builder;
using Org.XmlUnit.Diff;

namespace Ece.Tests;

/// <summary>Whether two texts are the same XML document, by XMLUnit (the design card's package), as compare judges
/// answer bodies: another namespace prefix or XML declaration, attributes in another order and whitespace between
/// elements are the same document; anything else, child elements in another order included, is not. For tests that
/// mean the document; a test that pins bytes on purpose compares bytes.</summary>
internal static class XmlAssert
{
    private static readonly HashSet<ComparisonType> FormOnly =
        [ComparisonType.NAMESPACE_PREFIX, ComparisonType.XML_VERSION, ComparisonType.XML_ENCODING, ComparisonType.XML_STANDALONE];

    /// <summary>Fails with every XMLUnit difference, each as XPath: expected → actual (kind).</summary>
    public static void SameDocument(string expected, string actual, string because = "")
    {
        var diff = DiffBuilder.Compare(Input.FromString(expected)).WithTest(Input.FromString(actual))
            .IgnoreWhitespace()
            .CheckForSimilar()
            .WithNodeMatcher(new DefaultNodeMatcher(ElementSelectors.ByName))
            .WithDifferenceEvaluator(DifferenceEvaluators.Chain(DifferenceEvaluators.Default, FormOnlyIsSimilar))
            .Build();
        using var scope = new FluentAssertions.Execution.AssertionScope("the XMLUnit differences between the expected and the actual document");
        diff.Differences.Select(Describe).Should().BeEmpty(because);
    }

    private static ComparisonResult FormOnlyIsSimilar(Comparison comparison, ComparisonResult outcome) =>
        outcome == ComparisonResult.EQUAL ? outcome : FormOnly.Contains(comparison.Type) ? ComparisonResult.SIMILAR : ComparisonResult.DIFFERENT;

    private static string Describe(Difference d) =>
        $"{d.Comparison.ControlDetails.XPath ?? d.Comparison.TestDetails.XPath}: {Show(d.Comparison.ControlDetails.Value)} → {Show(d.Comparison.TestDetails.Value)} ({ComparisonTypes.GetDescription(d.Comparison.Type)})";

    private static string Show(object? value) => value switch { null => "(absent)", "" => "\"\"", _ => value.ToString()! };
}
