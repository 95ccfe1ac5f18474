using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

internal static class ReportWriter
{
    public static readonly IReadOnlyList<string> Formats = [ReportFormats.Console, ReportFormats.JUnit, ReportFormats.Json, ReportFormats.Html, ReportFormats.Markdown];

    /// <summary>Creates <paramref name="directory"/> and proves it writable before the first request: a run whose
    /// reports cannot be written is refused at once (exit 2), not after every check.</summary>
    /// <exception cref="UsageException">The directory cannot be created or written.</exception>
    public static void EnsureWritable(string directory) => OutputPaths.EnsureFolder(directory, "--report-dir");

    /// <summary>Writes the file reports among <paramref name="formats"/> into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(RunResult run, ReportModel model, string directory, IReadOnlyCollection<string> formats, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        Directory.CreateDirectory(directory);
        // Rendered side by side, written in order: each report's first rendering is mostly the runtime's first-call
        // work (types, metadata), and at the end of a run the other core is idle.
        var rendering = new List<(string Path, Task<string> Text)>();
        void Render(string format, string file, Func<string> render)
        {
            if (formats.Contains(format))
            {
                rendering.Add((Path.Combine(directory, file), Task.Run(render)));
            }
        }
        Render(ReportFormats.Json, ReportFormats.JsonFile, () => JsonReport.Render(model));
        Render(ReportFormats.JUnit, ReportFormats.JUnitFile, () => JUnitReport.Render(run));
        Render(ReportFormats.Html, ReportFormats.HtmlFile, () => HtmlReport.Render(run, model, screenshots));
        Render(ReportFormats.Markdown, ReportFormats.MarkdownFile, () => MarkdownReport.Render(run, model));
        var written = new List<string>();
        foreach (var (path, text) in rendering)
        {
            File.WriteAllText(path, text.GetAwaiter().GetResult());
            written.Add(path);
        }
        return written;
    }
}
