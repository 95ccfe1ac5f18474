using Ece.Conformance.Checks;
using Ece.Conformance.Monitor;
using Ece.Spec;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>Which cycles make a log line: changes between judged results, whatever cycles judged nothing in between.</summary>
public class MonitorStateTests
{
    private static readonly Uri Target = Cycles.Target;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static CycleResult Cycle(Outcome? outcome, int minute) => Cycles.Of(outcome, minute);

    private static List<ChangeEvent> Rules(MonitorState state, CycleResult cycle) =>
        state.Apply(cycle, Interval, TimeSpan.FromMinutes(5)).Where(c => c.Kind == ChangeEvent.RuleKind).ToList();

    [Test]
    public void A_rule_failing_from_the_first_cycle_is_said_once()
    {
        var state = new MonitorState([Target], ["1000"]);

        Rules(state, Cycle(Outcome.Failed, 0)).Should().ContainSingle();
        Rules(state, Cycle(Outcome.Failed, 1)).Should().BeEmpty();
    }

    [Test]
    public void A_recovery_after_an_outage_is_said_and_a_failure_that_outlasts_it_is_not_said_again()
    {
        var recovering = new MonitorState([Target], ["1000"]);
        Rules(recovering, Cycle(Outcome.Failed, 0));
        Rules(recovering, Cycle(null, 1)).Should().BeEmpty("nothing was judged");
        Rules(recovering, Cycle(Outcome.Passed, 2)).Should().ContainSingle().Which.To.Should().Be("passed");

        var failing = new MonitorState([Target], ["1000"]);
        Rules(failing, Cycle(Outcome.Failed, 0));
        Rules(failing, Cycle(Outcome.Untestable, 1)).Should().BeEmpty("a cycle cut by its deadline judged nothing: not a recovery");
        Rules(failing, Cycle(Outcome.Failed, 2)).Should().BeEmpty("still failing since the last judgement");
    }

    [Test]
    public void A_passing_rule_makes_no_line() =>
        Rules(new MonitorState([Target], ["1000"]), Cycle(Outcome.Passed, 0)).Should().BeEmpty();

    [Test]
    public void A_diagnosis_is_a_misconfiguration_until_the_target_is_seen_healthy_and_an_outage_after()
    {
        var wrong = new Misconfiguration("base_path", "run again with --base-path /system/ws");
        var fresh = new MonitorState([Cycles.Target], [Cycles.EntryPoint]);
        var watched = new MonitorState([Cycles.Target], [Cycles.EntryPoint]);
        watched.Apply(Cycles.Of(Outcome.Passed, 0), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        fresh.Apply(Cycles.Of(Outcome.Failed, 1) with { Misconfigured = wrong }, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        watched.Apply(Cycles.Of(Outcome.Failed, 1) with { Misconfigured = wrong }, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        fresh.Snapshot(Cycles.Target)!.Misconfigured.Should().Be(wrong);
        fresh.Snapshot(Cycles.Target)!.Outcomes.Values.Should().OnlyContain(o => o.Result == Ece.Conformance.Reports.Result.NotJudged, "the monitor's mistake fails no rule");
        watched.Snapshot(Cycles.Target)!.Misconfigured.Should().BeNull("the same settings read it healthy before: an ECE undeployed is an outage");
        watched.Snapshot(Cycles.Target)!.Outcomes.Values.Should().Contain(o => o.Result == Ece.Conformance.Reports.Result.Failed);
    }
}
