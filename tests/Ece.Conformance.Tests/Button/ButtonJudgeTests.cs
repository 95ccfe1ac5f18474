using Ece.Conformance.Button;
using Ece.Spec;
using static Ece.Conformance.Tests.Button.Made;
using Outcome = Ece.Conformance.Checks.Outcome;

namespace Ece.Conformance.Tests.Button;

/// <summary>The ECE-CL rules about the button at one moment, over steps made by hand: judged without a browser.</summary>
public class ButtonJudgeTests
{
    internal static Outcome Judged(string rule, params StepResult[] steps) =>
        ButtonJudge.Judge(EceSpec.Default, steps).Single(f => f.Rule.Id == rule).Outcome;

    internal static string Message(string rule, params StepResult[] steps) =>
        ButtonJudge.Judge(EceSpec.Default, steps).Single(f => f.Rule.Id == rule).Message;

    [Test]
    public void A_button_that_follows_the_answers_passes_and_one_that_does_not_fails()
    {
        Judged("ECE-CL-001", Once("default", StepKind.Scenario, true, true), Once("queue-full", StepKind.Scenario, false, false)).Should().Be(Outcome.Passed);
        Judged("ECE-CL-001", Once("default", StepKind.Scenario, true, true), Once("queue-full", StepKind.Scenario, false, true)).Should().Be(Outcome.Failed);
    }

    [Test]
    public void The_state_rule_judges_the_page_as_it_settled_before_ece_changed_under_it()
    {
        // Right at load (hidden for a refusal), then changed to the default and never shown: ECE-CL-010's to judge.
        var step = Step("queue-full", StepKind.Scenario, [Call(0, false), Call(15, false), Call(30, true)], [Seen(0, false), Seen(15, false), Seen(30, false)]) with { Changes = [To(15, "default")] };

        Judged("ECE-CL-001", step).Should().Be(Outcome.Passed);
        Judged("ECE-CL-001", step with { Samples = [Seen(0, true), Seen(15, true), Seen(30, false)] }).Should().Be(Outcome.Failed, "shown for a refusal at load");
    }

    [Test]
    public void A_step_whose_page_did_not_respond_is_not_judged_as_a_hidden_button()
    {
        var frozen = Once("default", StepKind.Scenario, true, null, "The page did not respond for 5 s.");

        Judged("ECE-CL-001", frozen).Should().Be(Outcome.Untestable);
        Judged("ECE-CL-002", frozen, Once("fault-500", StepKind.Status500, null, null)).Should().Be(Outcome.Untestable);
        Judged("ECE-CL-005", frozen).Should().Be(Outcome.Failed, "a frozen page is reported");
    }

    [Test]
    public void Rules_whose_steps_were_not_selected_are_skipped_not_unjudged()
    {
        var only = Once("fault-500", StepKind.Status500, null, false);

        Judged("ECE-CL-001", only).Should().Be(Outcome.Skipped);
        Judged("ECE-CL-003", only).Should().Be(Outcome.Skipped);
        Judged("ECE-CL-010", only).Should().Be(Outcome.Skipped);
        Judged("ECE-CL-002", only).Should().Be(Outcome.Passed);
    }

    [Test]
    public void A_failing_rule_names_the_steps_that_show_why_and_a_passing_one_none()
    {
        var judged = ButtonJudge.JudgeAll(EceSpec.Default, [Once("default", StepKind.Scenario, true, true), Once("fault-500", StepKind.Status500, null, true)]);

        judged.Single(j => j.Finding.Rule.Id == "ECE-CL-002").Steps.Should().Equal(["fault-500"]);
        judged.Single(j => j.Finding.Rule.Id == "ECE-CL-001").Steps.Should().BeEmpty();
    }

    [Test]
    public void A_rule_whose_step_was_planned_and_not_run_is_not_judged_and_one_whose_steps_were_left_out_stays_skipped()
    {
        // Run: default and fault-500; planned but stopped before: recovery. other-form and fault-slow were never planned.
        var steps = new[] { Once("default", StepKind.Scenario, true, true), Once("fault-500", StepKind.Status500, null, false) };
        var recovery = new ButtonStep(ButtonStep.NameOf(StepKind.Recovery), StepKind.Recovery, ButtonStep.Default);

        var judged = ButtonJudge.JudgeAll(EceSpec.Default, steps, "recovery. The check was stopped before they started.", [recovery])
            .ToDictionary(j => j.Finding.Rule.Id, j => j.Finding.Outcome);

        judged["ECE-CL-007"].Should().Be(Outcome.Untestable, "the recovery step it needs was planned and not run");
        judged["ECE-CL-003"].Should().Be(Outcome.Skipped, "its other-form step was left out, not stopped");
        judged["ECE-CL-006"].Should().Be(Outcome.Skipped, "its fault-slow step was left out, not stopped");
        judged["ECE-CL-002"].Should().Be(Outcome.Passed);
    }
}
