using System.CommandLine;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;

namespace Ece.Conformance.Commands;

/// <summary>compare BEFORE AFTER: what got worse between two runs, each given as its report.json or the report folder
/// that holds it. Exit 1 when anything regressed, 0 otherwise, 2 when a report cannot be read or is of another
/// schema version.</summary>
internal static class CompareCommand
{
    private static readonly Argument<string> Before = new("before") { Description = "The earlier run: its report.json, or its report folder (--report-dir)." };
    private static readonly Argument<string> After = new("after") { Description = "The later run: its report.json, or its report folder." };
    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Where to write compare.md and compare.html (default ./conformance-compare).", DefaultValueFactory = _ => "conformance-compare" };

    public static Command Create()
    {
        var command = new Command("compare", """
            Compares two runs by their JSON reports: regressions, fixes, new and removed rules, changed values.

            Examples:
              ./run-conformance.sh compare before/ after/                                two report folders
              ./run-conformance.sh compare before/report.json conformance-report/report.json
            """);
        command.Arguments.Add(Before);
        command.Arguments.Add(After);
        command.Options.Add(ReportDir);
        command.SetAction((parse, _) => Task.FromResult(Execute(parse.GetValue(Before)!, parse.GetValue(After)!, parse.GetValue(ReportDir)!)));
        return command;
    }

    public static int Execute(string before, string after, string reportDir) => Execute(before, after, reportDir, Console.Out, Console.Error);

    /// <summary>As the command does, writing the comparison to <paramref name="output"/> and a refusal to <paramref name="error"/>.</summary>
    internal static int Execute(string before, string after, string reportDir, TextWriter output, TextWriter error)
    {
        try
        {
            var (beforeFile, afterFile) = (ReportFile(before), ReportFile(after));
            var comparison = Comparison.Between(JsonReport.Read(beforeFile), JsonReport.Read(afterFile));
            ReportWriter.EnsureWritable(reportDir);
            output.WriteLine($"compare: read {beforeFile} and {afterFile}");
            var markdown = ComparisonReport.Markdown(comparison);
            File.WriteAllText(Path.Combine(reportDir, "compare.md"), markdown);
            File.WriteAllText(Path.Combine(reportDir, "compare.html"), ComparisonReport.Html(comparison));
            output.WriteLine(ComparisonReport.Text(comparison));
            output.WriteLine($"report: {Path.Combine(reportDir, "compare.md")}\nreport: {Path.Combine(reportDir, "compare.html")}");
            return comparison.ExitCode;
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Shown}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: the comparison could not be written to {reportDir}: {e.Message}");
            return 2;
        }
    }

    /// <summary>The JSON report a path names: the file itself, or the report.json of a report folder.</summary>
    private static string ReportFile(string path) =>
        path.Length == 0 ? throw new UsageException("compare takes two reports: an empty path names none.")
        : !Directory.Exists(path) ? path
        : File.Exists(Path.Combine(path, ReportFormats.JsonFile)) ? Path.Combine(path, ReportFormats.JsonFile)
        : throw new UsageException($"{path} is a folder without {ReportFormats.JsonFile}: give the report folder of a run made with --format json (the default writes it), or the JSON report itself.");
}
