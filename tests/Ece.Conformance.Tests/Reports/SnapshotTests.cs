using System.Text.RegularExpressions;
using Ece.Conformance.Commands;
using Ece.Conformance.Running;
using Spectre.Console;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Reports;

/// <summary>What a person reads, pinned: the console, Markdown, JUnit, HTML, the fleet summary and compare, for fixed
/// runs against real loopback targets on a fake clock (<see cref="Approval"/>), so every time and duration is pinned.</summary>
[NonParallelizable]
public partial class SnapshotTests
{
    /// <summary>One of every result: failed (a negative capacity), warning (a 500 for a bad id), information (Accept
    /// ignored), not judged (a 500), known failure (in the baseline), passed, not applicable, skipped.</summary>
    private static Mutation EveryResult() => FirstOf(
        Replace("capacity", ">4<", ">-1<"),
        Replace("agentAvailability", "available=\"true\"", "available=\"1\""),
        Answer("liveSessionStatus", Example, _ => new Reply(500, "text/plain", "Unable to retrieve")),
        Answer(null, "abc", _ => new Reply(500, "text/plain", "NumberFormatException")),
        async call => call.Context.Request.Headers.Accept.ToString().Contains("png", StringComparison.Ordinal) && call.Operation == "checkEligibility"
            ? new Reply(200, "application/xml", (await call.Upstream()).Body) : null);

    [Test]
    public async Task A_conformant_run_reads_as_approved()
    {
        var run = await Runner.RunAsync((Uri?)null, o => o with { Time = Approval.Clock() });

        Approve("conformant.console.txt", Console(run));
        Approve("conformant.report.md", Read(run, "report.md"));
        Approve("conformant.report.junit.xml", Read(run, "report.junit.xml"));
    }

    [Test]
    public async Task A_run_with_every_result_reads_as_approved()
    {
        await using var target = await FakeTarget.StartAsync(EveryResult());
        var baseline = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        new Baseline(1, [new BaselineEntry("ECE-AV-002", Why: "vendor writes 1", Ticket: "ECE-1")]).Save(baseline);

        var run = await Runner.RunAsync(target.Url, o => o with { Baseline = baseline, Time = Approval.Clock() });

        Approve("every-result.console.txt", Console(run));
        Approve("every-result.report.md", Read(run, "report.md"));
        Approve("every-result.report.junit.xml", Read(run, "report.junit.xml"));
        Approve("every-result.report.html", Read(run, "report.html").Replace("><", ">\n<", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_run_under_the_wrong_base_path_reads_as_approved_with_the_diagnosis_first_and_whole()
    {
        await using var target = await FakeTarget.StartAsync(ServedUnder("/system/ws"));

        var run = await Runner.RunAsync(target.Url, o => o with { Time = Approval.Clock() });

        Approve("wrong-base-path.console.txt", Console(run).Replace(target.Url.ToString().TrimEnd('/'), "http://target", StringComparison.Ordinal));
        Approve("wrong-base-path.report.md", Read(run, "report.md").Replace(target.Url.ToString().TrimEnd('/'), "http://target", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_fleet_run_and_a_compare_read_as_approved()
    {
        await using var good = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        await using var broken = await FakeTarget.StartAsync(Replace("capacity", ">4<", ">-1<"));
        var options = Runner.Options(null, o => o with { Targets = [good.Url, broken.Url], Time = Approval.Clock() });
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        await FleetRun.RunAsync(options, console, CancellationToken.None);
        var summary = File.ReadAllText(Path.Combine(options.ReportDirectory, "summary.md"))
            .Replace(good.Url.ToString().TrimEnd('/'), "http://good", StringComparison.Ordinal).Replace(broken.Url.ToString().TrimEnd('/'), "http://broken", StringComparison.Ordinal);
        var reports = Directory.GetDirectories(options.ReportDirectory).OrderBy(d => d.Contains(broken.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        var comparison = Ece.Conformance.Reports.Comparison.Between(
            Ece.Conformance.Reports.JsonReport.Read(Path.Combine(reports[0], "report.json")), Ece.Conformance.Reports.JsonReport.Read(Path.Combine(reports[1], "report.json")));

        Approve("fleet.summary.md", summary);
        Approve("compare.txt", Ece.Conformance.Reports.ComparisonReport.Text(comparison));
        Approve("compare.md", Ece.Conformance.Reports.ComparisonReport.Markdown(comparison));
    }

    private static string Read(Runner.Outcome run, string file) => File.ReadAllText(Path.Combine(run.ReportDirectory, file));

    private static void Approve(string name, string text) => Approval.Verify(name, text);

    /// <summary>The console without its progress lines: which checks have finished when a quarter is done depends on
    /// how the concurrent requests were scheduled, not on the output's form.</summary>
    private static string Console(Runner.Outcome run) =>
        Progress().Replace(run.Console.Replace(run.ReportDirectory, "REPORTS", StringComparison.Ordinal).ReplaceLineEndings("\n"), "");

    [GeneratedRegex(@"(?m)^  \d+/\d+ checks, .*\n")]
    private static partial Regex Progress();
}
