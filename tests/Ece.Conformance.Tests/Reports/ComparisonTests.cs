using Ece.Conformance.Commands;
using Ece.Conformance.Reports;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Reports;

public class ComparisonTests
{
    private static async Task<string> ReportOf(Uri? target, string scenario = "default")
    {
        var run = await Runner.RunAsync(target, o => o with { Scenario = scenario, Formats = ["json"] });
        return Path.Combine(run.ReportDirectory, "report.json");
    }

    [Test]
    public async Task A_report_compared_with_itself_shows_no_change_and_exits_0()
    {
        var report = await ReportOf(null);

        var comparison = Comparison.Of(JsonReport.Read(report), JsonReport.Read(report));

        comparison.Unchanged.Should().BeTrue();
        CompareCommand.Execute(report, report, TempDir()).Should().Be(0);
    }

    [Test]
    public async Task Report_folders_are_compared_by_their_json_report_and_the_files_read_are_named()
    {
        var before = await ReportOf(null);
        var (output, error) = (new StringWriter(), new StringWriter());

        CompareCommand.Execute(Path.GetDirectoryName(before)!, Path.GetDirectoryName(before)!, TempDir(), output, error).Should().Be(0, error.ToString());
        output.ToString().Should().Contain($"read {before} and {before}");
        CompareCommand.Execute(Directory.CreateDirectory(TempDir()).FullName, before, TempDir(), output, error).Should().Be(2, "a folder without report.json");
        error.ToString().Should().Contain("without report.json").And.NotContain("denied");
    }

    [Test]
    public async Task A_must_rule_that_can_no_longer_be_judged_is_a_regression()
    {
        var before = await ReportOf(null);
        await using var down = await FakeTarget.StartAsync(Answer("liveSessionStatus", null, _ => new Reply(500, "text/plain", "down")));
        var after = await ReportOf(down.Url);

        var comparison = Comparison.Of(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Regressed.Should().Contain(r => r.After.Rule == "ECE-LS-001" && r.After.Outcome == Ece.Conformance.Checks.Outcome.Untestable);
        CompareCommand.Execute(before, after, TempDir()).Should().Be(1);
    }

    [Test]
    public async Task A_broken_server_after_the_reference_server_shows_exactly_the_broken_rules_as_regressions()
    {
        var before = await ReportOf(null);
        await using var broken = await FakeTarget.StartAsync(FirstOf(
            Replace("capacity", ">4<", ">-1<"),
            Replace("chatAllowed", "allowed=\"true\"", "allowed=\"false\"")));
        var after = await ReportOf(broken.Url);
        var dir = TempDir();

        var comparison = Comparison.Of(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Regressed.Select(r => r.After.Rule).Distinct().Should().BeEquivalentTo(["ECE-CP-001", "ECE-CA-003"]);
        comparison.Values.Should().Contain(v => v.Operation == "capacity" && v.Field == "count" && v.Before == "4" && v.After == "-1");
        CompareCommand.Execute(before, after, dir).Should().Be(1);
        File.ReadAllText(Path.Combine(dir, "compare.md")).Should().Contain("Regressed").And.Contain("ECE-CP-001");
        File.ReadAllText(Path.Combine(dir, "compare.html")).Should().Contain("<table").And.Contain("ECE-CA-003");
    }

    [Test]
    public async Task The_same_pair_the_other_way_round_shows_them_as_fixed_and_exits_0()
    {
        await using var broken = await FakeTarget.StartAsync(Replace("capacity", ">4<", ">-1<"));
        var before = await ReportOf(broken.Url);
        var after = await ReportOf(null);

        var comparison = Comparison.Of(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Fixed.Select(r => r.After.Rule).Should().Equal("ECE-CP-001");
        comparison.Regressed.Should().BeEmpty();
        comparison.ExitCode.Should().Be(0);
    }

    [Test]
    public async Task A_reason_that_changed_is_shown_as_a_changed_value()
    {
        var before = await ReportOf(null, "no-agents");
        var after = await ReportOf(null, "queue-full");

        var comparison = Comparison.Of(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Values.Should().ContainSingle(v => v.Field == "reason").Which.Should().Be(
            new ValueChange("chatAllowed", "1000", "reason", "agent_not_available", "queue_depth_reached"));
    }

    // Why a report is refused is JsonReport's business (ReportTests); here, that compare turns a refusal into exit 2
    // with the reason on its error output, and writes no comparison.
    [Test]
    public async Task A_report_compare_cannot_read_is_refused_on_the_error_output_with_exit_2()
    {
        var good = await ReportOf(null);
        var stale = Path.GetTempFileName();
        File.WriteAllText(stale, "{\"schemaVersion\": 0}");
        var (output, error, dir) = (new StringWriter(), new StringWriter(), TempDir());

        CompareCommand.Execute(good, stale, dir, output, error).Should().Be(2);
        CompareCommand.Execute(stale, good, dir, output, error).Should().Be(2);

        error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2)
            .And.OnlyContain(line => line.StartsWith("error: " + stale, StringComparison.Ordinal) && line.Contains("schema version 0", StringComparison.Ordinal));
        output.ToString().Should().BeEmpty();
        Directory.Exists(dir).Should().BeFalse("nothing is written when a report cannot be read");
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "ece-compare-tests", Guid.NewGuid().ToString("N"));
}
