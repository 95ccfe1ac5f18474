namespace Ece.Conformance.Reports;

/// <summary>The reports' names as --format takes them, and the file each is written to in a report folder: named
/// here only, so the commands, the writers and the texts that point a reader to a file say the same.</summary>
internal static class ReportFormats
{
    public const string Console = "console";
    public const string JUnit = "junit";
    public const string Json = "json";
    public const string Html = "html";
    public const string Markdown = "markdown";

    public const string JsonFile = "report.json";
    public const string JUnitFile = "report.junit.xml";
    public const string HtmlFile = "report.html";
    public const string MarkdownFile = "report.md";
}
