using Ece.Spec;
using Microsoft.Playwright;

namespace Ece.Conformance.Checks;

/// <summary>The sample chat button in Chromium against the target: does it show what the API said?</summary>
internal static class BrowserChecks
{
    // Playwright's own time-out, on wall time: the browser runs on real time and Playwright takes no TimeProvider.
    /// <summary>The longest, in wall time, the sample page may take to load and leave its loading state.</summary>
    private static readonly TimeSpan MaxShowWait = TimeSpan.FromSeconds(10);

    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["browser"] = (CheckScope.OperationAndEntryPoint, ButtonMatchesAnswer),
    };

    // The check for a browser is outside the async method: a build without one (BrowserSupport) leaves the rest out.
    private static Task<Finding> ButtonMatchesAnswer(CheckCall call, CancellationToken cancel) =>
        Browser.BrowserSupport.IsAvailable && call.Context.Browser is { } browser
            ? MatchesAnswerAsync(call, browser, cancel)
            : Task.FromResult(call.Skipped("Not checked: --browser shows the sample chat button in Chromium against the target."));

    private static async Task<Finding> MatchesAnswerAsync(CheckCall call, Browser.BrowserSession browser, CancellationToken cancel)
    {
        var answer = await AnswerChecks.AnswerOf(call, cancel);
        var allowedField = answer.FieldFor(Quantity.ChatAllowed);
        var reasonField = answer.FieldFor(Quantity.Conditions);
        var allowed = answer.Unreadable is null && answer.ValidValue(allowedField) is { } v ? Lexical.ParseBoolean(v) : null;
        var contract = call.Context.Spec.ChatButton;
        var expected = allowed switch
        {
            true => new PageState(contract.States.Allowed, "", Shown: true),
            false => new PageState(contract.States.Refused, answer.Raw(reasonField) ?? "", Shown: false),
            null => new PageState(contract.States.Error, "", Shown: false),
        };

        var host = await browser.HostAsync();
        var page = host.Page(call.Context.Spec, call.EntryPoint!, call.Operation!.Response!.Root.LocalName);
        var budget = TimeSpan.FromSeconds(Math.Min(MaxShowWait.TotalSeconds, call.Context.Target.Options.Timeout.TotalSeconds + 2));
        var (actual, picture) = await ShowAsync(browser.Chromium, contract, page, budget);
        if (picture.Length > 0)
        {
            browser.Screenshots[$"Entry point {call.EntryPoint}: {actual}"] = Convert.ToBase64String(picture);
        }
        int[] ids = [answer.Exchange.Id];
        return actual == expected
            ? call.Pass($"The page shows {actual}, as the answer says.", ids)
            : call.Fail($"The chat button in Chromium does not show what {call.Operation.Id} answered.", expected.ToString(), actual.ToString(), ids);
    }

    /// <summary>The state the page wrote on its container once it left its loading state (or the budget ran out),
    /// whether the button is visible, and a screenshot: read from the live DOM, not from markup.</summary>
    private static async Task<(PageState State, byte[] Picture)> ShowAsync(Browser.Chromium chromium, ChatButtonPage contract, Uri url, TimeSpan budget)
    {
        await using var context = await chromium.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = (float)budget.TotalMilliseconds });
        try
        {
            await page.WaitForFunctionAsync("([id, attribute, loading]) => { const box = document.getElementById(id); return box && box.getAttribute(attribute) !== loading; }",
                new object[] { contract.Container, contract.StateAttribute, contract.States.Loading }, new PageWaitForFunctionOptions { Timeout = (float)budget.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            // still loading when the budget ran out: that is what is reported
        }
        var box = page.Locator("#" + contract.Container);
        var state = await box.CountAsync() == 0
            ? new PageState("(no page)", "", Shown: false)
            : new PageState(await box.GetAttributeAsync(contract.StateAttribute) ?? "(no state)", await box.GetAttributeAsync(contract.ReasonAttribute) ?? "",
                await page.Locator("#" + contract.Button).IsVisibleAsync());
        return (state, await page.ScreenshotAsync());
    }

    private sealed record PageState(string State, string Reason, bool Shown)
    {
        public override string ToString() => $"{State}{(Reason.Length > 0 ? $" ({Reason})" : "")}, button {(Shown ? "shown" : "hidden")}";
    }
}
