using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Tests.Button;

/// <summary>The ECE-CL rules over steps made by hand: what a step showed, judged without a browser.</summary>
public class ButtonJudgeTests
{
    private static StepResult Step(string name, StepKind kind, bool? invites, bool? visible, params string[] errors) =>
        new(new ButtonStep(name, kind, "default"),
            [new ApiCall("chatAllowed", "1", "GET", null, "", invites is null ? null : 200, null, invites, TimeSpan.Zero)],
            visible, null, errors, [], HeldRequestEnded: true);

    private static Conformance.Checks.Outcome Judged(string rule, params StepResult[] steps) =>
        ButtonJudge.Judge(EceSpec.Default, steps).Single(f => f.Rule.Id == rule).Outcome;

    [Test]
    public void A_button_that_follows_the_answers_passes_and_one_that_does_not_fails()
    {
        Judged("ECE-CL-001", Step("default", StepKind.Scenario, true, true), Step("queue-full", StepKind.Scenario, false, false)).Should().Be(Conformance.Checks.Outcome.Passed);
        Judged("ECE-CL-001", Step("default", StepKind.Scenario, true, true), Step("queue-full", StepKind.Scenario, false, true)).Should().Be(Conformance.Checks.Outcome.Failed);
    }

    [Test]
    public void A_step_whose_page_did_not_respond_is_not_judged_as_a_hidden_button()
    {
        var frozen = Step("default", StepKind.Scenario, true, null, "The page did not respond for 10 s.");

        Judged("ECE-CL-001", frozen).Should().Be(Conformance.Checks.Outcome.Untestable);
        Judged("ECE-CL-002", frozen, Step("fault-500", StepKind.Status500, null, null)).Should().Be(Conformance.Checks.Outcome.Untestable);
        Judged("ECE-CL-005", frozen).Should().Be(Conformance.Checks.Outcome.Failed, "a frozen page is reported");
    }

    [Test]
    public void Rules_whose_steps_were_not_selected_are_skipped_not_unjudged()
    {
        var only = Step("fault-500", StepKind.Status500, null, false);

        Judged("ECE-CL-001", only).Should().Be(Conformance.Checks.Outcome.Skipped);
        Judged("ECE-CL-003", only).Should().Be(Conformance.Checks.Outcome.Skipped);
        Judged("ECE-CL-002", only).Should().Be(Conformance.Checks.Outcome.Passed);
    }
}
