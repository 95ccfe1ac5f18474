using Ece.Conformance.Button;
using Ece.Spec;
using static Ece.Conformance.Tests.Button.ButtonJudgeTests;
using static Ece.Conformance.Tests.Button.Made;
using Outcome = Ece.Conformance.Checks.Outcome;

namespace Ece.Conformance.Tests.Button;

/// <summary>The rules of a visit (ECE-CL-010, ECE-CL-007 over a fault and back) on made-up timelines: a page opened
/// shown, ECE changed to a refusal at 15 s and back to the default at 60 s; polls every 15 s unless said otherwise.</summary>
public class VisitJudgeTests
{
    private static StepResult Visit(IReadOnlyList<ApiCall> calls, IReadOnlyList<Sample> samples) =>
        Step("default", StepKind.Scenario, calls, samples) with { Changes = [To(15, "no-agents"), To(60, "default")], Duration = TimeSpan.FromSeconds(90) };

    private static readonly ApiCall[] Polls = [Call(0, true), Call(15, true), Call(30, false), Call(45, false), Call(75, true)];

    [Test]
    public void A_button_that_follows_each_change_at_the_next_poll_passes()
    {
        var follows = Visit(Polls, [Seen(0, true), Seen(15, true), Seen(30, false), Seen(45, false), Seen(75, true), Seen(90, true)]);

        Judged("ECE-CL-010", follows).Should().Be(Outcome.Passed);
        Message("ECE-CL-010", follows).Should().Contain("no-agents in 15 s").And.Contain("default in 15 s");
    }

    [Test]
    public void A_button_that_is_never_hidden_again_fails_though_each_fresh_load_was_right()
    {
        // The else forgotten: shown once allowed, never hidden.
        var stays = Visit(Polls, [Seen(0, true), Seen(15, true), Seen(30, true), Seen(45, true), Seen(75, true), Seen(90, true)]);

        Judged("ECE-CL-010", stays).Should().Be(Outcome.Failed);
        Judged("ECE-CL-001", stays).Should().Be(Outcome.Passed, "right at load: only the visit shows it");
        Message("ECE-CL-010", stays).Should().Contain("say a chat cannot start, but its button was still shown");
    }

    [Test]
    public void A_page_that_stops_asking_once_the_button_is_shown_fails_with_what_it_did()
    {
        var silent = Visit([Call(0, true), Call(75, true)], [Seen(0, true), Seen(30, true), Seen(60, true), Seen(90, true)]);

        Judged("ECE-CL-010", silent).Should().Be(Outcome.Failed);
        Message("ECE-CL-010", silent).Should().Contain("never asks again once its button is shown").And.Contain("sent nothing in 45 s");
    }

    [Test]
    public void A_page_that_navigated_away_is_not_said_to_stop_asking()
    {
        var left = Visit([Call(0, true), Call(15, true)], [Seen(0, true), Seen(30, null), Seen(90, null)])
            with { Interruptions = [new(TimeSpan.FromSeconds(20), VisitJudge.NavigatedAway, "https://www.acme.example/help", DuringFault: false)] };

        Judged("ECE-CL-010", left).Should().Be(Outcome.Untestable);
        Message("ECE-CL-010", left).Should().Contain("navigated away at 20 s").And.NotContain("never asks again");
    }

    [Test]
    public void A_button_that_follows_later_than_allowed_fails()
    {
        var late = Visit(Polls, [Seen(0, true), Seen(15, true), Seen(30, true), Seen(45, true), Seen(59, false), Seen(75, true), Seen(90, true)]) with { FollowWithin = TimeSpan.FromSeconds(40) };

        Judged("ECE-CL-010", late).Should().Be(Outcome.Failed, "hidden 44 s after the change, 40 s allowed");
        Judged("ECE-CL-010", late with { FollowWithin = TimeSpan.FromSeconds(60) }).Should().Be(Outcome.Passed);
    }

    [Test]
    public void A_page_whose_own_answers_did_not_change_passes_its_button_unchanged()
    {
        // agentAvailability while the queue fills: its answer stays yes (ECE-CL-013 says what that costs).
        var same = Visit([Call(0, true, "agentAvailability"), Call(15, true, "agentAvailability"), Call(30, true, "agentAvailability"), Call(75, true, "agentAvailability")],
            [Seen(0, true), Seen(30, true), Seen(75, true), Seen(90, true)]);

        Judged("ECE-CL-010", same).Should().Be(Outcome.Passed);
    }

    [Test]
    public void A_change_back_to_a_state_the_page_was_wrong_about_at_load_is_reported_once_by_the_state_rule()
    {
        // Shown while the queue is full, at load and again once the queue fills back: one defect, ECE-CL-001's.
        var queueFull = Step("queue-full", StepKind.Scenario, [Call(0, false), Call(15, false), Call(30, true), Call(75, false)],
            [Seen(0, true), Seen(15, true), Seen(30, true), Seen(75, true), Seen(90, true)])
            with { Step = new ButtonStep("queue-full", StepKind.Scenario, "queue-full"), Changes = [To(15, "default"), To(60, "queue-full")], Duration = TimeSpan.FromSeconds(90) };

        Judged("ECE-CL-001", queueFull).Should().Be(Outcome.Failed);
        Judged("ECE-CL-010", queueFull).Should().Be(Outcome.Passed, "it followed the change it could follow, to the default");
        Judged("ECE-CL-010", queueFull with { Step = queueFull.Step with { Scenario = "default" } }).Should().Be(Outcome.Failed, "a state no load judged is the visit's to judge");
    }

    private static StepResult FaultAndBack(IReadOnlyList<ApiCall> calls, IReadOnlyList<Sample> samples) =>
        Step("fault-and-back", StepKind.FaultAndBack, calls, samples) with { Changes = [To(15, "fault-500", healthy: false), To(35, "default")], Duration = TimeSpan.FromSeconds(95) };

    [Test]
    public void After_a_fault_during_a_visit_the_button_must_come_back_within_the_time_allowed()
    {
        ApiCall[] calls = [Call(0, true), Call(15, true), Call(30, null, fault: "500 Internal Server Error"), Call(45, true)];

        Judged("ECE-CL-007", FaultAndBack(calls, [Seen(0, true), Seen(30, false), Seen(45, true), Seen(95, true)])).Should().Be(Outcome.Passed);
        Judged("ECE-CL-007", FaultAndBack(calls, [Seen(0, true), Seen(30, false), Seen(45, false), Seen(95, false)])).Should().Be(Outcome.Failed);
        Judged("ECE-CL-007", FaultAndBack(calls[..3], [Seen(0, true), Seen(30, false), Seen(95, false)])).Should().Be(Outcome.Failed, "it never asked again after the error");
        Message("ECE-CL-007", FaultAndBack(calls[..3], [Seen(0, true), Seen(30, false), Seen(95, false)])).Should().Contain("asked nothing more");
    }

    [Test]
    public void A_button_that_stays_shown_while_ece_fails_during_a_visit_fails_even_when_it_is_right_again_after()
    {
        ApiCall[] calls = [Call(0, true), Call(15, true), Call(30, null, fault: "500 Internal Server Error"), Call(45, true)];
        var stayed = FaultAndBack(calls, [Seen(0, true), Seen(30, true), Seen(35, true), Seen(45, true), Seen(95, true)]);

        Judged("ECE-CL-007", stayed).Should().Be(Outcome.Failed);
        Message("ECE-CL-007", stayed).Should().Contain("stayed shown while ECE failed").And.NotContain("came back");
        Message("ECE-CL-007", FaultAndBack(calls, [Seen(0, true), Seen(30, false), Seen(45, true), Seen(95, true)])).Should().Contain("hidden while ECE failed");
    }

    [Test]
    public void A_page_that_froze_before_its_recovery_could_be_watched_is_not_judged_on_it()
    {
        var frozen = Step("recovery", StepKind.Recovery, [Call(0, null, fault: "500 Internal Server Error")], [Seen(0, false), Seen(5, null)]) with { FrozeAt = TimeSpan.FromSeconds(5) };

        Judged("ECE-CL-007", frozen).Should().Be(Outcome.Untestable);
        Judged("ECE-CL-007", frozen with { FrozeAt = null, Samples = [Seen(0, false), Seen(60, false)] }).Should().Be(Outcome.Failed, "the same page not frozen never asked again");
    }

    [Test]
    public void A_page_that_asked_nothing_while_its_ece_failed_is_not_judged_on_recovering_from_it()
    {
        var unseen = FaultAndBack([Call(0, true), Call(15, true), Call(45, true)], [Seen(0, true), Seen(45, true), Seen(95, true)]);

        Judged("ECE-CL-007", unseen).Should().Be(Outcome.Untestable);
    }
}
