using Ece.ReferenceServer.Scenarios;
using Ece.Spec;
using Flurl.Http;
using Microsoft.Playwright;

namespace Ece.Browser.Tests.SamplePage;

/// <summary>The sample chat-button page in real Chromium, against the reference server in every state.</summary>
public class ChatButtonTests : ChromiumPageTest
{
    private static readonly EceSpec Spec = EceSpec.Default;


    [Test]
    public async Task When_chat_is_allowed_the_button_is_visible_and_opens_a_chat()
    {
        await using var server = await LiveServer.StartAsync();

        await Page.GotoAsync(server.Page());

        await ExpectState(Contract.States.Allowed);
        await Expect(Button).ToBeVisibleAsync();
        await Expect(Reason).ToBeHiddenAsync();
        await Screenshot("allowed");
        await Button.ClickAsync();
        await Expect(Page.Locator("#ece-chat-session")).ToBeVisibleAsync();
        PageErrors.Should().BeEmpty();
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        var reason = Spec.Operation("chatAllowed").Response!.Field("reason");
        foreach (var scenario in ScenarioCatalog.Names)
        {
            var state = ScenarioCatalog.Load(scenario).State;
            var view = new ReferenceServer.State.EntryPointView(state, Spec.ExampleEntryPoint, Spec);
            if (!view.DataUnavailable && view.LexicalValue(reason) is { } value)
            {
                yield return new TestCaseData(scenario, "1000", value).SetArgDisplayNames(value);
            }
        }
        yield return new TestCaseData("default", "4242", "invalid_entry_point").SetArgDisplayNames("invalid_entry_point");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task Each_reason_hides_the_button_tells_the_customer_in_plain_words_and_the_developer_why(string scenario, string entryPoint, string reason)
    {
        await using var server = await LiveServer.StartAsync(scenario);
        var member = Spec.Operation("chatAllowed").Response!.Field("reason").Member(reason)!;
        var developer = Page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains(member.Meaning, StringComparison.Ordinal) });

        await Page.GotoAsync(server.Page(entryPoint));

        await Expect(Box).ToHaveAttributeAsync(Contract.ReasonAttribute, reason);
        await Expect(Button).ToBeHiddenAsync();
        await Expect(Reason).ToHaveTextAsync(member.Customer!);
        await Expect(Page.Locator("#ece-chat-queue")).ToBeHiddenAsync(new() { Timeout = 1000 });
        (await developer).Text.Should().Contain(reason);
        await Screenshot($"reason-{reason}");
        PageErrors.Should().BeEmpty();
    }

    [Test]
    public async Task While_the_first_answer_is_on_its_way_the_page_says_it_is_checking()
    {
        await using var server = await LiveServer.StartAsync();
        // The answer takes 5 s and the page waits up to 10 s for it: the page is checking for seconds, not milliseconds.
        (await server.Control.Request("faults/chatAllowed").PutJsonAsync(new { delayMs = 5000 })).StatusCode.Should().Be(200);

        await Page.GotoAsync(server.Page());

        await ExpectState(Contract.States.Loading);
        await Expect(Page.Locator("#ece-chat-loading")).ToBeVisibleAsync();
        await Expect(Button).ToBeHiddenAsync();
        await Screenshot("loading");
    }

    [TestCase("default", "0")]
    [TestCase("no-agents", "1")]
    [TestCase("queue-full", "2")]
    public async Task Polling_check_eligibility_each_response_type_shows_or_hides_the_button(string scenario, string responseType)
    {
        await using var server = await LiveServer.StartAsync(scenario);
        var eligibility = Spec.Eligibility.Field;
        var member = eligibility.Member(responseType)!;

        await Page.GotoAsync(server.Page(source: Spec.Eligibility.Operation.Response!.Root.LocalName));

        if (member == eligibility.Unconditional)
        {
            await ExpectState(Contract.States.Allowed);
            await Expect(Button).ToBeVisibleAsync();
        }
        else
        {
            await Expect(Box).ToHaveAttributeAsync(Contract.ReasonAttribute, responseType);
            await Expect(Button).ToBeHiddenAsync();
            await Expect(Reason).ToHaveTextAsync(member.Customer!);
        }
        await Screenshot($"responseType-{responseType}");
    }

    [Test]
    public async Task Wait_time_and_queue_depth_are_shown_and_follow_the_state_on_the_next_poll()
    {
        await using var server = await LiveServer.StartAsync();
        var queue = Page.Locator("#ece-chat-queue");

        await Page.GotoAsync(server.Page());
        await Expect(queue).ToHaveAttributeAsync("data-wait-time", "3.0");
        await Expect(queue).ToHaveAttributeAsync("data-queue-depth", "1");
        await Expect(queue).ToContainTextAsync("Chats waiting: 1.");

        (await server.Control.Request("queues/sales").PatchJsonAsync(new { chatsWaiting = 7, waitTime = 150.0 })).StatusCode.Should().Be(200);

        await Expect(queue).ToHaveAttributeAsync("data-queue-depth", "7");
        await Expect(queue).ToHaveAttributeAsync("data-wait-time", "150.0");
        await Expect(queue).ToContainTextAsync("Estimated wait: 3 min. Chats waiting: 7.");
        await Screenshot("queue");
    }
}
