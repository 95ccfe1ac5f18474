using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

public static class ReportWriter
{
    public static readonly IReadOnlyList<string> Formats = ["console", "junit", "json", "html", "markdown"];

    /// <summary>Writes the file reports among <paramref name="formats"/> into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(RunResult run, ReportModel model, string directory, IReadOnlyCollection<string> formats, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Save(string format, string file, Func<string> render)
        {
            if (formats.Contains(format))
            {
                var path = Path.Combine(directory, file);
                File.WriteAllText(path, render());
                written.Add(path);
            }
        }
        Save("json", "report.json", () => JsonReport.Render(model));
        Save("junit", "report.junit.xml", () => JUnitReport.Render(run));
        Save("html", "report.html", () => HtmlReport.Render(run, model, screenshots));
        Save("markdown", "report.md", () => MarkdownReport.Render(run, model));
        return written;
    }
}
