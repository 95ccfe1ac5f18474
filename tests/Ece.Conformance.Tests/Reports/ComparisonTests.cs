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

        var comparison = Comparison.Between(JsonReport.Read(report), JsonReport.Read(report));

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

        var comparison = Comparison.Between(JsonReport.Read(before), JsonReport.Read(after));

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

        var comparison = Comparison.Between(JsonReport.Read(before), JsonReport.Read(after));

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

        var comparison = Comparison.Between(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Fixed.Select(r => r.After.Rule).Should().Equal("ECE-CP-001");
        comparison.Regressed.Should().BeEmpty();
        comparison.ExitCode.Should().Be(0);
    }

    [Test]
    public async Task A_reason_that_changed_is_shown_as_a_changed_value()
    {
        var before = await ReportOf(null, "no-agents");
        var after = await ReportOf(null, "queue-full");

        var comparison = Comparison.Between(JsonReport.Read(before), JsonReport.Read(after));

        comparison.Values.Should().ContainSingle(v => v.Field == "reason").Which.Should().Be(
            new ValueChange("chatAllowed", "1000", "reason", "agent_not_available", "queue_depth_reached"));
    }

    // The prefix is still judged by its own rule (ECE-GN-008, for the scripts that match "ns2:" literally): that
    // result is the only regression; the body itself is the same document.
    [Test]
    public async Task Answers_that_differ_only_in_their_namespace_prefix_are_similar()
    {
        await using var plain = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        await using var reprefixed = await FakeTarget.StartAsync(Replace("capacity", "ns2", "eg"));
        var (before, after) = (await ReportOf(plain.Url), await ReportOf(reprefixed.Url));
        var (output, error) = (new StringWriter(), new StringWriter());

        CompareCommand.Execute(before, after, TempDir(), output, error).Should().Be(1, error.ToString());

        output.ToString().Should().Contain("capacity [1000]: similar (only prefixes/declaration/attribute order differ)")
            .And.Contain("/availableSlots[1]/count[1]: ns2 → eg (namespace prefix)")
            .And.NotContain("different");
        Comparison.Between(JsonReport.Read(before), JsonReport.Read(after)).Regressed.Select(r => r.After.Rule).Should().Equal("ECE-GN-008");
    }

    [Test]
    public async Task An_answer_whose_reason_changed_is_different_and_the_reason_is_named_by_its_xpath()
    {
        var before = await ReportOf(null, "no-agents");
        var after = await ReportOf(null, "queue-full");
        var (output, error, dir) = (new StringWriter(), new StringWriter(), TempDir());

        CompareCommand.Execute(before, after, dir, output, error);

        output.ToString().Should().Contain("chatAllowed [1000]: different")
            .And.Contain("/chatAllowed[1]/@reason: agent_not_available → queue_depth_reached (attribute value)");
        File.ReadAllText(Path.Combine(dir, "compare.md")).Should().Contain("- chatAllowed [1000]: different")
            .And.Contain("  - /chatAllowed[1]/@reason: agent_not_available → queue_depth_reached (attribute value)");
        File.ReadAllText(Path.Combine(dir, "compare.html")).Should().Contain("<li>/chatAllowed[1]/@reason: agent_not_available → queue_depth_reached (attribute value)</li>");
    }

    // Built from one real report, its answers changed by hand: what compare takes as an answer's body is the point here.
    [Test]
    public async Task A_body_written_differently_is_no_change_and_a_different_one_is_a_change_but_never_a_regression()
    {
        var report = JsonReport.Read(await ReportOf(null));
        var capacity = CapacityAnswer(report);

        var similar = Comparison.Between(report, WithBody(report, capacity, b => b.Replace("ns2", "eg", StringComparison.Ordinal)));
        var different = Comparison.Between(report, WithBody(report, capacity, b => b.Replace("</availableSlots>", "<extra/></availableSlots>", StringComparison.Ordinal)));

        similar.Bodies.Should().ContainSingle().Which.Change.Verdict.Should().Be(BodyVerdict.Similar);
        similar.Unchanged.Should().BeTrue();
        ComparisonReport.Text(similar).Should().Contain("No change.").And.Contain("capacity [1000]: similar");
        different.Bodies.Should().ContainSingle().Which.Should().Match<AnswerBodyChange>(b => b.Operation == "capacity" && b.Change.Verdict == BodyVerdict.Different);
        different.Unchanged.Should().BeFalse();
        (similar.ExitCode, different.ExitCode).Should().Be((0, 0));
    }

    [Test]
    public async Task A_body_cut_short_is_not_compared_and_says_in_which_run()
    {
        var report = JsonReport.Read(await ReportOf(null));
        var capacity = CapacityAnswer(report);
        var cut = report with { Exchanges = report.Exchanges.Select(x => x == capacity ? x with { BodyTruncated = true } : x).ToList() };

        var comparison = Comparison.Between(report, cut);

        comparison.Bodies.Should().ContainSingle().Which.Change.Should().BeEquivalentTo(
            new BodyChange(BodyVerdict.NotCompared, [], Note: "the body was cut short in the after run"));
        ComparisonReport.Text(comparison).Should().Contain("capacity [1000]: not compared: the body was cut short in the after run");
    }

    [Test]
    public async Task Only_the_first_xml_success_answer_of_an_operation_and_entry_point_is_compared()
    {
        var report = JsonReport.Read(await ReportOf(null));
        var answer = CapacityAnswer(report);
        // The answers to a refused Accept and to the JSON form, changed and put before the XML answer.
        var notXml = report.Exchanges.Where(x => x.Operation == answer.Operation && x.Url == answer.Url && (x.Status is 406 || x.MediaType == "application/json"))
            .Select(x => x with { Body = "changed" }).ToList();
        var reordered = report with { Exchanges = [.. notXml, .. report.Exchanges.Where(x => !notXml.Any(o => o.Id == x.Id))] };

        var comparison = Comparison.Between(report, reordered);

        notXml.Should().Contain(x => x.Status == 406).And.Contain(x => x.Operation == answer.Operation && x.MediaType == "application/json");
        comparison.Bodies.Should().BeEmpty();
        Comparison.Between(report, WithBody(report, answer, _ => "changed")).Bodies.Should().ContainSingle();
    }

    private static Ece.Conformance.Http.Exchange CapacityAnswer(ReportModel report) =>
        report.Exchanges.First(x => x.Operation == "capacity" && x.Status == 200 && x.MediaType!.Contains("xml", StringComparison.Ordinal) && x.Url.EndsWith("/1000", StringComparison.Ordinal));

    private static ReportModel WithBody(ReportModel report, Ece.Conformance.Http.Exchange exchange, Func<string, string> change) =>
        report with { Exchanges = report.Exchanges.Select(x => x == exchange ? x with { Body = change(x.Body ?? "") } : x).ToList() };

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

    [Test]
    public async Task A_report_folder_compare_cannot_write_is_refused_naming_the_option()
    {
        var good = await ReportOf(null);
        var (output, error) = (new StringWriter(), new StringWriter());

        CompareCommand.Execute(good, good, "/dev/null/x", output, error).Should().Be(2);

        error.ToString().Should().StartWith("error: --report-dir /dev/null/x cannot be written");
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "ece-compare-tests", Guid.NewGuid().ToString("N"));
}
