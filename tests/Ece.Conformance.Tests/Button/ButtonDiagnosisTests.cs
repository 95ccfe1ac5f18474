using Ece.Conformance.Button;
using Microsoft.Extensions.Time.Testing;
using static Ece.Conformance.Tests.Button.Made;

namespace Ece.Conformance.Tests.Button;

/// <summary>A mistake in the command is named with the option to change; a page the steps tested is not a mistake.</summary>
public class ButtonDiagnosisTests
{
    private static readonly ButtonOptions Options = new() { Page = new Uri("https://www.acme.example/support"), Button = "#chta", Reason = "#why", Time = new FakeTimeProvider() };

    private static StepResult Tested => Once("default", StepKind.Scenario, true, true);

    [Test]
    public void A_page_the_steps_tested_is_no_mistake() =>
        ButtonDiagnosis.Find(Options, [Tested, Tested with { ButtonMatches = 0 }]).Should().BeNull("the button matched in one step");

    [Test]
    public void A_page_that_did_not_load_names_the_page_option() =>
        ButtonDiagnosis.Find(Options, [Tested, Tested with { LoadError = "the page answered 404 Not Found" }]).Should().Contain("404").And.Contain("--page");

    [Test]
    public void A_page_that_asked_no_ece_names_the_pattern_and_what_it_asked_for()
    {
        var silent = Step("default", StepKind.Scenario, [], [Seen(60, false)]) with { OtherUrls = ["https://ece.acme.example/webchat/api/status/1027"] };

        ButtonDiagnosis.Find(Options, [silent]).Should().Contain("--api-pattern").And.Contain("/webchat/api/status/1027");
    }

    [Test]
    public void A_button_selector_that_matches_nothing_anywhere_lists_the_candidates()
    {
        var typo = Tested with { ButtonMatches = 0, Candidates = ["#chat (\"Chat with us\", visible)"] };

        ButtonDiagnosis.Find(Options, [typo, typo]).Should().Contain("--button #chta").And.Contain("#chat (\"Chat with us\", visible)");
    }

    [Test]
    public void A_reason_selector_that_matches_nothing_anywhere_names_the_reason_option() =>
        ButtonDiagnosis.Find(Options, [Tested with { ReasonMatches = 0 }]).Should().Contain("--reason #why");
}
