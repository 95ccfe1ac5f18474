using Ece.Spec;
using Flurl.Http;

namespace Ece.Browser.Tests.SamplePage;

/// <summary>Errors, time-outs, other origins and the survey: the button hides on any failure, the page never throws.</summary>
public class FailureTests : ChromiumPageTest
{
    // The time-out case: the page gives up after 1 s, the server answers after 100 s: no machine is slow enough to
    // turn that around, and Playwright's wait (10 s) outlasts the page's time-out by far.
    [TestCase("{\"status\": 500}", null, TestName = "The API answering 500 hides the button")]
    [TestCase("{\"delayMs\": 100000}", 1000, TestName = "The API answering past the page's time-out hides the button")]
    [TestCase("{\"malformedBody\": true}", null, TestName = "A malformed answer hides the button")]
    public async Task A_failing_api_hides_the_button_without_a_script_error(string fault, int? pageTimeoutMs)
    {
        await using var server = await LiveServer.StartAsync();
        (await server.Control.Request("faults/chatAllowed").PutAsync(new StringContent(fault, System.Text.Encoding.UTF8, "application/json"))).StatusCode.Should().Be(200);

        await Page.GotoAsync(server.Page(timeout: pageTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null));

        await ExpectState(Contract.States.Error, timeout: 10_000);
        await Expect(Button).ToBeHiddenAsync();
        await Expect(Reason).ToContainTextAsync("try again later");
        await Screenshot();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task An_unreachable_api_hides_the_button_without_a_script_error()
    {
        await using var server = await LiveServer.StartAsync();

        await Page.GotoAsync(server.Page(api: "http://127.0.0.1:9" + EceSpec.Default.DefaultBasePath));

        await ExpectState(Contract.States.Error);
        await Expect(Button).ToBeHiddenAsync();
        await Screenshot("unreachable");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task A_page_on_an_allowed_origin_calls_the_api_across_origins()
    {
        await using var page = await LiveServer.StartAsync();
        await using var api = await LiveServer.StartAsync("default", "--cors-origins", page.Origin);

        await Page.GotoAsync(page.Page(api: api.Origin + EceSpec.Default.DefaultBasePath));

        await ExpectState(Contract.States.Allowed);
        await Expect(Button).ToBeVisibleAsync();
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task A_page_on_an_origin_the_api_does_not_allow_is_blocked_and_hides_the_button()
    {
        await using var page = await LiveServer.StartAsync();
        await using var api = await LiveServer.StartAsync("default", "--cors-origins", "https://www.example.com");

        await Page.GotoAsync(page.Page(api: api.Origin + EceSpec.Default.DefaultBasePath));

        await ExpectState(Contract.States.Error);
        await Expect(Button).ToBeHiddenAsync();
        await Screenshot("cors-blocked");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task The_survey_form_posts_a_body_the_server_accepts_and_stores()
    {
        await using var server = await LiveServer.StartAsync();
        await Page.GotoAsync(server.Page());

        await Button.ClickAsync();
        await Page.Locator("#ece-chat-end").ClickAsync();
        await Page.Locator("select[name=q1]").SelectOptionAsync("Satisfied");
        await Page.Locator("textarea[name=q2]").FillAsync("Quick & <friendly> answer");
        await Screenshot("survey-form");
        await Page.Locator("#ece-chat-survey button[type=submit]").ClickAsync();

        await Expect(Page.Locator("#ece-chat-survey-result")).ToHaveTextAsync("Thank you for your feedback.");
        var stored = await server.Control.Request("surveys").GetJsonAsync<List<StoredSurveyView>>();
        stored.Should().ContainSingle();
        stored[0].Items.Should().BeEquivalentTo(new[]
        {
            new Dictionary<string, string> { ["question"] = "How satisfied are you with this chat?", ["answer"] = "Satisfied" },
            new Dictionary<string, string> { ["question"] = "Anything we could do better?", ["answer"] = "Quick & <friendly> answer" },
        });
        stored[0].Attributes["sid"].Should().MatchRegex("^[0-9]+$");
        PageErrors.Should().BeEmpty();
    }

    public sealed record StoredSurveyView(long Number, string ContentType, Dictionary<string, string> Attributes, List<Dictionary<string, string>> Items);

}
