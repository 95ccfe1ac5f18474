using Ece.Conformance.Button;
using Ece.Spec;
using static Ece.Conformance.Tests.Button.ButtonJudgeTests;
using static Ece.Conformance.Tests.Button.Made;
using Outcome = Ece.Conformance.Checks.Outcome;

namespace Ece.Conformance.Tests.Button;

/// <summary>How the page asks and what interrupts the customer (ECE-CL-008, 011, 012, 013), on made-up timelines.</summary>
public class HabitsJudgeTests
{
    private static StepResult Polling(params double[] times) => Step("default", StepKind.Scenario, [.. times.Select(t => Call(t, true))], [Seen(times[^1], true)]);

    private static double[] Every(double seconds, double until, double offset = 0) =>
        [.. Enumerable.Range(0, (int)(until / seconds) + 1).Select(i => offset + i * seconds)];

    [Test]
    public void The_polling_rule_judges_the_rate_not_the_gap_between_two_requests()
    {
        // Two timer chains: twice at the same moment every 5 s is 0.4 requests a second.
        var twice = Polling([.. Every(5, 60).SelectMany(t => new[] { t, t })]);
        var fivePerSecond = Polling(Every(0.2, 20));

        Judged("ECE-CL-008", twice).Should().Be(Outcome.Passed);
        Judged("ECE-CL-008", Polling(Every(1, 60))).Should().Be(Outcome.Passed, "once a second is the limit");
        Judged("ECE-CL-008", fivePerSecond).Should().Be(Outcome.Failed);
        Message("ECE-CL-008", fivePerSecond).Should().Contain("50 times in 10 s");
    }

    [Test]
    public void The_busiest_window_is_half_open()
    {
        HabitsJudge.Busiest([.. Every(1, 30).Select(TimeSpan.FromSeconds)]).Should().Be(10);
        HabitsJudge.Busiest([.. Every(0.9, 30).Select(TimeSpan.FromSeconds)]).Should().Be(12);
        HabitsJudge.Busiest([TimeSpan.Zero]).Should().Be(1);
    }

    private static StepResult Sent(params Send[] sends) => Polling(0, 5) with { Sends = sends };

    private static Send At(double at, int inFlight) => new(TimeSpan.FromSeconds(at), "https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/1", inFlight);

    [Test]
    public void Two_requests_sent_at_once_again_and_again_are_two_timer_chains_and_only_information()
    {
        var chains = Sent(At(0, 0), At(0, 1), At(5, 0), At(5, 1), At(10, 0), At(10, 1));

        Judged("ECE-CL-012", chains).Should().Be(Outcome.Failed);
        ButtonJudge.Judge(EceSpec.Default, [chains]).Single(f => f.Rule.Id == "ECE-CL-012").Rule.Level.Should().Be(RuleLevel.May, "information, not a warning");
        Message("ECE-CL-012", chains).Should().Contain("twice at once every 5 s");
    }

    [Test]
    public void A_retry_after_an_answer_or_a_single_coincidence_is_not_two_timers()
    {
        Judged("ECE-CL-012", Sent(At(0, 0), At(0, 0), At(5, 0), At(5, 0))).Should().Be(Outcome.Passed, "the second was sent once the first had its answer");
        Judged("ECE-CL-012", Sent(At(0, 0), At(0, 1), At(5, 0), At(10, 0))).Should().Be(Outcome.Passed, "once is not a habit");
    }

    [Test]
    public void A_dialog_while_ece_fails_is_a_warning_and_one_outside_a_fault_is_only_mentioned()
    {
        var alert = Once("fault-500", StepKind.Status500, null, false) with { Interruptions = [new(TimeSpan.FromSeconds(1), "alert dialog", "new errorInternal Server Error", DuringFault: true)] };
        var closed = Once("no-agents", StepKind.Scenario, false, false) with { Interruptions = [new(TimeSpan.FromSeconds(1), "alert dialog", "Chat is closed", DuringFault: false)] };

        Judged("ECE-CL-011", alert).Should().Be(Outcome.Failed);
        Message("ECE-CL-011", alert).Should().Contain("new errorInternal Server Error");
        Judged("ECE-CL-011", closed).Should().Be(Outcome.Passed);
        Message("ECE-CL-011", closed).Should().Contain("Chat is closed");
    }

    private static StepResult Decided(string scenario, string operation, bool invites, bool visible, bool chatAllowed) =>
        Step(scenario, StepKind.Scenario, [Call(0, invites, operation)], [Seen(1, visible)]) with { ChatAllowed = new ChatAllowed(chatAllowed, chatAllowed ? null : "queue_depth_reached") };

    [Test]
    public void A_page_deciding_with_an_operation_that_ignores_the_queue_is_told_what_it_costs()
    {
        var availability = Decided("queue-full", "agentAvailability", invites: true, visible: true, chatAllowed: false);

        Judged("ECE-CL-013", availability).Should().Be(Outcome.Failed);
        Message("ECE-CL-013", availability).Should().Contain("agentAvailability").And.Contain("queue-full (queue_depth_reached)");
        Judged("ECE-CL-013", Decided("queue-full", "chatAllowed", invites: false, visible: false, chatAllowed: false)).Should().Be(Outcome.Passed);
        Judged("ECE-CL-013", Decided("default", "agentAvailability", invites: true, visible: true, chatAllowed: true)).Should().Be(Outcome.Passed);
    }
}
