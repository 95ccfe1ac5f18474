using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Ece.Conformance.Reports;

/// <summary>The one place where a target's text is made safe for where it goes: a terminal, a Markdown table,
/// XML, HTML. A target chooses its bytes; no report lets them break out of their place.</summary>
internal static class ReportText
{
    private static readonly HtmlEncoder s_html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>For a terminal or a log: control characters (escape sequences among them) shown as \uXXXX, never sent.</summary>
    public static string Printable(string text) => Spec.SafeXml.Printable(text);

    /// <summary>One line for a terminal, at most <paramref name="max"/> characters.</summary>
    public static string Line(string text, int max = 140)
    {
        var flat = Printable(text.ReplaceLineEndings(" "));
        return flat.Length <= max ? flat : flat[..max] + "…";
    }

    /// <summary>Inside a Markdown table cell: one line of at most 160 characters, no pipes or HTML, no code spans.
    /// For what a target chose (a URL, a header); a sentence of the runner's own is <see cref="Text"/>.</summary>
    public static string Cell(string text) => Text(text.Length > 160 ? text[..160] + "…" : text);

    /// <summary>A sentence of the runner's (a verdict, a finding, a hint) in Markdown, in a paragraph or a cell:
    /// whole, never cut mid-sentence (its lists are bounded by count where they are made), on one line, no pipes
    /// or HTML, no code spans.</summary>
    public static string Text(string text)
    {
        var flat = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return flat.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
    }

    /// <summary>The spec's own text in a Markdown table cell (traceability): whole, one line, pipes escaped. It is
    /// trusted, so markup in it (code spans of errata) is kept.</summary>
    public static string SpecCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Inside a Markdown code span or block: a backtick cannot close it.</summary>
    public static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);

    /// <summary>In XML 1.0: characters it cannot carry are shown as \uXXXX.</summary>
    public static string Xml(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : $"\\u{(int)c:x4}");
        }
        return clean.ToString();
    }

    /// <summary>In HTML: encodes what HTML needs (&lt; &gt; &amp; quotes) and keeps every other letter (the file is UTF-8).</summary>
    public static string Html(string? text) => s_html.Encode(text ?? "");
}
