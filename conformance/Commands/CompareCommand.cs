using System.CommandLine;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;

namespace Ece.Conformance.Commands;

/// <summary>compare BEFORE.json AFTER.json: what got worse between two runs. Exit 1 when anything regressed,
/// 0 otherwise, 2 when a report cannot be read or is of another schema version.</summary>
internal static class CompareCommand
{
    private static readonly Argument<string> Before = new("before") { Description = "JSON report of the earlier run (report.json)." };
    private static readonly Argument<string> After = new("after") { Description = "JSON report of the later run." };
    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Where to write compare.md and compare.html (default ./conformance-compare).", DefaultValueFactory = _ => "conformance-compare" };

    public static Command Create()
    {
        var command = new Command("compare", "Compares two JSON reports: regressions, fixes, new and removed rules, changed values.");
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
            var comparison = Comparison.Of(JsonReport.Read(before), JsonReport.Read(after));
            var markdown = ComparisonReport.Markdown(comparison);
            Directory.CreateDirectory(reportDir);
            File.WriteAllText(Path.Combine(reportDir, "compare.md"), markdown);
            File.WriteAllText(Path.Combine(reportDir, "compare.html"), ComparisonReport.Html(comparison));
            output.WriteLine(ComparisonReport.Text(comparison));
            output.WriteLine($"report: {Path.Combine(reportDir, "compare.md")}\nreport: {Path.Combine(reportDir, "compare.html")}");
            return comparison.ExitCode;
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
