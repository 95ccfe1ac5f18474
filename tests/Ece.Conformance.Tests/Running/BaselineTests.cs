using Ece.Conformance.Running;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

public class BaselineTests
{
    private static Task<FakeTarget> NegativeCapacity() => FakeTarget.StartAsync(Replace("capacity", ">4<", ">-1<"));

    [Test]
    public async Task A_known_failure_in_the_baseline_does_not_fail_the_gate_but_is_still_reported()
    {
        await using var target = await NegativeCapacity();
        var path = Write(new Baseline(1, [new BaselineEntry("ECE-CP-001", "capacity", Why: "vendor bug 123")]));

        var run = await Runner.RunAsync(target.Url, o => o with { Baseline = path });

        run.Verdict.ExitCode.Should().Be(0, run.Console);
        run.Result.Findings.Should().Contain(f => f.Rule.Id == "ECE-CP-001" && f.KnownFailure);
        run.Console.Should().Contain("known failure");
    }

    [Test]
    public async Task A_baseline_entry_that_no_longer_fails_makes_the_run_fail_as_stale()
    {
        await using var target = await NegativeCapacity();
        var path = Write(new Baseline(1, [new BaselineEntry("ECE-CP-001"), new BaselineEntry("ECE-AV-001")]));

        var run = await Runner.RunAsync(target.Url, o => o with { Baseline = path });

        run.Verdict.ExitCode.Should().Be(1);
        run.Verdict.Summary.Should().Contain("stale baseline").And.Contain("ECE-AV-001").And.NotContain("MUST rules failed");
        run.Verdict.Word.Should().Be("BASELINE OUT OF DATE", "the target passes: the gate's baseline is what needs updating");
        run.Console.Should().Contain("BASELINE OUT OF DATE").And.NotContain("NOT CONFORMANT");
    }

    [Test]
    public async Task Write_baseline_records_the_failures_so_the_next_run_passes()
    {
        await using var target = await NegativeCapacity();
        var path = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");

        var first = await Runner.RunAsync(target.Url, o => o with { WriteBaseline = path });
        var second = await Runner.RunAsync(target.Url, o => o with { Baseline = path });

        first.Verdict.ExitCode.Should().Be(1);
        second.Verdict.ExitCode.Should().Be(0, second.Console);
    }

    [Test]
    public async Task The_baseline_round_trip_reaches_green_then_names_what_changed()
    {
        // A failing MUST, a SHOULD warning, MAY notes and a MUST that cannot be judged (a 500 for an unknown entry point).
        var broken = FirstOf(Replace("capacity", ">4<", ">-1<"), Replace("agentAvailability", "available=\"true\"", "available=\"1\""),
            Answer("chatAllowed", long.MaxValue.ToString(), _ => new Reply(500, "text/plain", "down")));
        var path = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        await using (var target = await FakeTarget.StartAsync(broken))
        {
            var first = await Runner.RunAsync(target.Url, o => o with { WriteBaseline = path });
            var second = await Runner.RunAsync(target.Url, o => o with { Baseline = path });

            first.Verdict.ExitCode.Should().Be(1, first.Console);
            var written = Baseline.Load(path).KnownFailures.Select(k => k.Rule).ToList();
            written.Should().Contain(["ECE-CP-001", "ECE-AV-002", "ECE-CA-005"]).And.NotContain(r => first.Result.Findings.Any(f => f.Rule.Id == r && f.Rule.Level == Spec.RuleLevel.May));
            second.Verdict.ExitCode.Should().Be(0, second.Console);
        }

        // The capacity is fixed: its entry is stale and the run says which.
        await using (var fixedCapacity = await FakeTarget.StartAsync(FirstOf(Replace("agentAvailability", "available=\"true\"", "available=\"1\""),
            Answer("chatAllowed", long.MaxValue.ToString(), _ => new Reply(500, "text/plain", "down")))))
        {
            var third = await Runner.RunAsync(fixedCapacity.Url, o => o with { Baseline = path });

            third.Verdict.ExitCode.Should().Be(1);
            third.Verdict.Summary.Should().Contain("stale").And.Contain("ECE-CP-001");
        }
    }

    [Test]
    public async Task An_expired_entry_fails_the_gate_naming_its_ticket()
    {
        await using var target = await NegativeCapacity();
        var path = Write(new Baseline(1, [new BaselineEntry("ECE-CP-001", Why: "vendor fix pending", Ticket: "ECE-4711", Expires: new DateOnly(2020, 1, 31))]));

        var run = await Runner.RunAsync(target.Url, o => o with { Baseline = path });

        run.Verdict.ExitCode.Should().Be(1);
        run.Verdict.Summary.Should().Contain("expired").And.Contain("ECE-4711");
        run.Verdict.Word.Should().Be("BASELINE OUT OF DATE");
    }

    [TestCase("{\"version\": 2, \"knownFailures\": []}", "not a version 1 baseline")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rul\": \"ECE-CP-001\"}]}", "cannot be read")]
    [TestCase("[", "cannot be read")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rule\": \"ECE-ZZ-999\"}]}", "rule ECE-ZZ-999, which the spec does not have")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rule\": \"ECE-CP-001\", \"operation\": \"Capacity\"}]}", "operation Capacity")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rule\": \"ECE-CP-001\", \"expiry\": \"2020-01-01\"}]}", "cannot be read")]
    [TestCase("{\"version\": 1, \"knownFailures\": [null]}", "a null among its knownFailures")]
    [TestCase("{\"version\": 1, \"knownFailures\": null}", "cannot be read")]
    [TestCase("{\"version\": 1}", "cannot be read")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rule\": null}]}", "cannot be read")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"operation\": \"capacity\"}]}", "cannot be read")]
    public void A_bad_baseline_is_refused_with_its_reason(string json, string says)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, json);

        var act = () => Baseline.Load(path);

        act.Should().Throw<UsageException>().Where(e => e.Message.Contains(says, StringComparison.Ordinal));
    }

    [Test]
    public void A_baseline_saved_with_a_byte_order_mark_reads_as_without()
    {
        // As Windows editors and PowerShell save a hand-edited file.
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"version\": 1, \"knownFailures\": [{\"rule\": \"ECE-CP-001\"}]}", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Baseline.Load(path).KnownFailures.Should().ContainSingle().Which.Rule.Should().Be("ECE-CP-001");
    }

    [TestCase("/dev/zero", "over 16 MiB")] // read whole, it took the machine's memory and ended in SIGABRT
    [TestCase("", "cannot be read")]
    [TestCase("a folder", "cannot be read: it is a folder")]
    public void A_baseline_path_that_names_no_baseline_file_is_refused(string path, string says)
    {
        path = path == "a folder" ? Directory.CreateTempSubdirectory("ece-baseline-").FullName : path;
        var act = () => Baseline.Load(path);

        act.Should().Throw<UsageException>().Where(e => e.Message.Contains(says, StringComparison.Ordinal));
    }

    private static string Write(Baseline baseline)
    {
        var path = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        baseline.Save(path);
        return path;
    }
}
