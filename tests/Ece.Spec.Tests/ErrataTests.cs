using System.Xml;

namespace Ece.Spec.Tests;

public class ErrataTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    private static IEnumerable<Erratum> AllErrata => EceSpec.Default.Errata;

    private static IEnumerable<ExampleDocument> SourceExamples => EceSpec.Default.Examples.Where(e => e.Block is not null);

    [TestCaseSource(nameof(AllErrata))]
    public void Each_erratum_quotes_the_french_record_verbatim(Erratum erratum)
    {
        SourceDocument.Normalize(SourceDocument.French).Should().Contain(SourceDocument.Normalize(erratum.Printed));
        SourceDocument.Headings(SourceDocument.French).Select(SourceDocument.Normalize).Should().Contain(erratum.Section.Fr);
    }

    private static IEnumerable<Erratum> XmlErrata => EceSpec.Default.Errata.Where(e => e.Detection != Detection.Prose);

    // Prose defects may be named in the spec to explain them; defects of XML must not appear at all.
    [TestCaseSource(nameof(XmlErrata))]
    public void No_printed_defect_of_xml_is_carried_into_the_spec(Erratum erratum)
    {
        var specFiles = SpecResources.List("xsd").Prepend("openapi.yaml").Concat(SpecResources.List("examples"));
        foreach (var file in specFiles)
        {
            SpecResources.ReadText(file).Should().NotContain(erratum.Printed, $"{erratum.Id} is corrected in {file}");
        }
    }

    [TestCaseSource(nameof(SourceExamples))]
    public void Each_corrected_example_is_its_source_block_with_the_errata_applied(ExampleDocument example)
    {
        var block = SourceDocument.CodeBlocks()[example.Block!.Value - 1];
        var body = string.Join('\n', block.Split('\n').Where(l => !l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))).Trim('\n');
        foreach (var erratum in Spec.Errata.Where(e => e.Examples.Contains(example.File)))
        {
            body.Should().Contain(erratum.Printed, $"{erratum.Id} is printed in block {example.Block}");
            body = body.Replace(erratum.Printed, erratum.Corrected, StringComparison.Ordinal);
        }

        body.Should().Be(example.Text.TrimEnd('\n'));
    }

    [TestCaseSource(nameof(AllErrata))]
    public void Each_defect_left_uncorrected_fails_as_the_errata_say(Erratum erratum)
    {
        var uncorrected = Uncorrected(erratum).ToList();
        if (erratum.Detection == Detection.Prose)
        {
            uncorrected.Should().BeEmpty("a defect of the prose has no document to show");
            SourceDocument.Normalize(SourceDocument.French).Should().NotContain(SourceDocument.Normalize(erratum.Corrected));
            return;
        }
        uncorrected.Should().NotBeEmpty();
        foreach (var document in uncorrected)
        {
            Outcome(document).Should().Be(erratum.Detection, document);
        }
    }

    [Test]
    public void Every_example_validates_against_the_xsd()
    {
        foreach (var example in Spec.Examples)
        {
            Outcome(example.Text).Should().Be(Detection.None, example.File);
        }
    }

    private static IEnumerable<string> Uncorrected(Erratum erratum)
    {
        foreach (var file in erratum.Examples)
        {
            var text = Spec.Examples.Single(e => e.File == file).Text;
            text.Should().Contain(erratum.Corrected);
            yield return text.Replace(erratum.Corrected, erratum.Printed, StringComparison.Ordinal);
        }
        if (erratum.Demonstrate is { } d)
        {
            var text = Spec.Examples.Single(e => e.File == d.Example).Text;
            text.Should().Contain(d.Replace);
            yield return text.Replace(d.Replace, d.With, StringComparison.Ordinal);
        }
    }

    /// <summary>None when the document parses and validates.</summary>
    internal static Detection Outcome(string document)
    {
        System.Xml.Linq.XDocument parsed;
        try
        {
            parsed = SafeXml.Parse(document);
        }
        catch (XmlException)
        {
            return Detection.NotWellFormed;
        }
        return SchemaValidation.Errors(parsed, Spec.Schemas).Count == 0 ? Detection.None : Detection.SchemaInvalid;
    }
}
