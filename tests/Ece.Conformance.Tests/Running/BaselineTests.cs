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

    [TestCase("{\"version\": 2, \"knownFailures\": []}", "not a version 1 baseline")]
    [TestCase("{\"version\": 1, \"knownFailures\": [{\"rul\": \"ECE-CP-001\"}]}", "cannot be read")]
    [TestCase("[", "cannot be read")]
    public void A_bad_baseline_is_refused_with_its_reason(string json, string says)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, json);

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
