using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

internal static class ReportWriter
{
    public static readonly IReadOnlyList<string> Formats = [ReportFormats.Console, ReportFormats.JUnit, ReportFormats.Json, ReportFormats.Html, ReportFormats.Markdown];

    /// <summary>Creates <paramref name="directory"/> and proves it writable before the first request: a run whose
    /// reports cannot be written is refused at once (exit 2), not after every check.</summary>
    /// <exception cref="UsageException">The directory cannot be created or written.</exception>
    public static void EnsureWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".ece-conformance-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--report-dir {directory} cannot be written ({e.Message}); give a directory you can write to.");
        }
    }

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
        Save(ReportFormats.Json, ReportFormats.JsonFile, () => JsonReport.Render(model));
        Save(ReportFormats.JUnit, ReportFormats.JUnitFile, () => JUnitReport.Render(run));
        Save(ReportFormats.Html, ReportFormats.HtmlFile, () => HtmlReport.Render(run, model, screenshots));
        Save(ReportFormats.Markdown, ReportFormats.MarkdownFile, () => MarkdownReport.Render(run, model));
        return written;
    }
}
