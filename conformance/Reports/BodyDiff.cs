using Ece.Spec;
using System.Xml;
using Org.XmlUnit.Builder;
using Org.XmlUnit.Diff;
using XmlComparison = Org.XmlUnit.Diff.Comparison;

namespace Ece.Conformance.Reports;

/// <summary>Similar: the same document written differently (only prefixes, the XML declaration or the order of
/// attributes changed). Different: the document changed. NotCompared: a body was cut short, or is nested past what the runner loads, so it is not compared.</summary>
internal enum BodyVerdict { Similar, Different, NotCompared }

/// <summary>One XMLUnit difference between two bodies: where (the XPath of each side; one is null for a node only
/// one side has), what kind of node property it is, and its value before and after.</summary>
internal sealed record BodyDifference(string Kind, string? BeforeXPath, string? AfterXPath, string? Before, string? After, bool Similar)
{
    public string XPath => BeforeXPath ?? AfterXPath ?? "/";

    public override string ToString() => $"{XPath}: {Show(Before)} → {Show(After)} ({Kind})";

    // An empty value (an empty attribute, no encoding declared) is shown, not left as a blank.
    private static string Show(string? value) => value switch { null => "(absent)", "" => "\"\"", _ => value };
}

/// <summary>How one answer's body changed, per XMLUnit: the differences kept (at most <see cref="BodyDiff.Kept"/>),
/// how many more there were, and a note when the bodies could not be compared.</summary>
internal sealed record BodyChange(BodyVerdict Verdict, IReadOnlyList<BodyDifference> Differences, int More = 0, string? Note = null)
{
    public string Summary => Verdict switch
    {
        BodyVerdict.Similar => "similar (only prefixes/declaration/attribute order differ)",
        BodyVerdict.Different => "different",
        _ => $"not compared: {Note}",
    };
}

/// <summary>Compares two XML bodies with XMLUnit, the design card's package. A namespace prefix, the XML declaration
/// and the order of attributes are the same document to every XML parser ECE's clients use, so those differences
/// are similar; anything else a client could read differently is different.</summary>
internal static class BodyDiff
{
    /// <summary>A rewritten answer can differ at every node; past this many, the count is enough to tell.</summary>
    public const int Kept = 20;

    private static readonly HashSet<ComparisonType> FormOnly =
        [ComparisonType.NAMESPACE_PREFIX, ComparisonType.XML_VERSION, ComparisonType.XML_ENCODING, ComparisonType.XML_STANDALONE];

    /// <summary>How <paramref name="after"/> differs from <paramref name="before"/>, or null when they are the same
    /// text. Never throws on a body: one that is not XML is reported as a difference.</summary>
    public static BodyChange? Compare(string before, string after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return null;
        }
        if (Math.Max(before.Length, after.Length) > Http.TargetClient.KeptCharacters + 1)
        {
            // A report keeps the start of each body; a longer one was written by hand, and XMLUnit's time grows with
            // the square of an element's children (200,000 of them, 0.9 MB, ran for minutes).
            return new BodyChange(BodyVerdict.NotCompared, [], Note: $"the body of the {(before.Length > after.Length ? "before" : "after")} run is longer than the {Http.TargetClient.KeptCharacters} characters a report keeps");
        }
        var (old, oldError, oldDeep) = Parse(before);
        var (now, nowError, nowDeep) = Parse(after);
        if (oldDeep || nowDeep)
        {
            return new BodyChange(BodyVerdict.NotCompared, [], Note: $"the body of the {(oldDeep ? "before" : "after")} run is nested deeper than {SafeXml.MaxDepth} levels or has more than {SafeXml.MaxAttributes} attributes on an element, past what the runner loads");
        }
        if (old is null || now is null)
        {
            // Nothing to compare node by node: one difference says which side is not XML, or, when neither is, how the
            // text itself begins on each side.
            var (was, @is) = oldError is not null && nowError is not null ? (Start(before), Start(after)) : (oldError ?? "well-formed XML", nowError ?? "well-formed XML");
            return new BodyChange(BodyVerdict.Different, [new BodyDifference("well-formedness", "/", "/", was, @is, false)]);
        }
        // Text that differs with no XMLUnit difference (attributes reordered, whitespace between elements) is the
        // same document written differently: similar, with nothing to list.
        var differences = Compare(old, now);
        return new BodyChange(
            differences.TrueForAll(d => d.Similar) ? BodyVerdict.Similar : BodyVerdict.Different,
            differences.Take(Kept).ToList(),
            Math.Max(0, differences.Count - Kept));
    }

    /// <summary>Checked for similar, so the diff itself holds only what is different; a listener keeps the similar
    /// differences too, for the report to show what changed in form.</summary>
    private static List<BodyDifference> Compare(XmlDocument before, XmlDocument after)
    {
        var differences = new List<BodyDifference>();
        DiffBuilder.Compare(Input.FromDocument(before)).WithTest(Input.FromDocument(after))
            .IgnoreWhitespace()
            .CheckForSimilar()
            .WithNodeMatcher(new DefaultNodeMatcher(ElementSelectors.ByName))
            .WithDifferenceEvaluator(DifferenceEvaluators.Chain(DifferenceEvaluators.Default, FormOnlyIsSimilar))
            .WithDifferenceListeners((comparison, outcome) => differences.Add(new BodyDifference(
                ComparisonTypes.GetDescription(comparison.Type),
                comparison.ControlDetails.XPath,
                comparison.TestDetails.XPath,
                Text(comparison.ControlDetails.Value),
                Text(comparison.TestDetails.Value),
                outcome == ComparisonResult.SIMILAR)))
            .Build();
        return differences;
    }

    /// <summary>XMLUnit's default calls a few more things similar (CDATA for text, the order of child elements, a
    /// schema location); those can change what a client reads, so here only the form-only kinds stay similar.</summary>
    private static ComparisonResult FormOnlyIsSimilar(XmlComparison comparison, ComparisonResult outcome) =>
        outcome == ComparisonResult.EQUAL ? outcome
        : FormOnly.Contains(comparison.Type) ? ComparisonResult.SIMILAR
        : ComparisonResult.DIFFERENT;

    private static string Start(string body) => $"not XML: {(body.Length <= 60 ? body : body[..60] + "…")}";

    private static string? Text(object? value) => value switch
    {
        null => null,
        XmlQualifiedName name => name.Name,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Parsed as the runner parses answers (SafeXml's reader settings: no DTD, nothing fetched), and only
    /// when the reader alone (linear) finds it within the depth and attributes the runner loads: XMLUnit walks a
    /// document recursively, and a hostile answer nested thousands deep, kept in its report, overflowed the stack.</summary>
    private static (XmlDocument? Document, string? Error, bool TooDeep) Parse(string body)
    {
        try
        {
            using (var scan = XmlReader.Create(new StringReader(body), SafeXml.ReaderSettings()))
            {
                while (scan.Read())
                {
                    if (scan.NodeType == XmlNodeType.Element && (scan.Depth >= SafeXml.MaxDepth || scan.AttributeCount > SafeXml.MaxAttributes))
                    {
                        return (null, null, true);
                    }
                }
            }
            using var reader = XmlReader.Create(new StringReader(body), SafeXml.ReaderSettings());
            var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = false };
            document.Load(reader);
            return (document, null, false);
        }
        catch (XmlException e)
        {
            return (null, $"not XML ({e.Message})", false);
        }
    }
}
