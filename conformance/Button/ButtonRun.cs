using Ece.Conformance.Checks;
using Ece.ReferenceServer;
using Ece.Spec;
using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>What a button check is told: the page, how to find its button, which steps, how long to watch.</summary>
internal sealed record ButtonOptions
{
    public required Uri Page { get; init; }
    public required string Button { get; init; }
    public string? Reason { get; init; }
    /// <summary>An element the page draws once its widget is ready: each step is judged after it is there.</summary>
    public string? Wait { get; init; }
    public IReadOnlyList<string> EntryPoints { get; init; } = [];
    public string ApiPattern { get; init; } = DefaultApiPattern;

    /// <summary>Any request whose path holds the spec's operations path, on any host, scheme and base path.</summary>
    public static readonly string DefaultApiPattern = "**" + EceSpec.Default.OperationsPath + "**";
    public IReadOnlyList<string> Steps { get; init; } = [];
    /// <summary>What to click, in order, to send the page's survey (say the chat button, then the survey's submit
    /// button); none: no survey step.</summary>
    public IReadOnlyList<string> Survey { get; init; } = [];
    /// <summary>How long after its first request the page is left to settle before it is judged.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>How long the page is expected to wait for an answer at most: the slow step answers never, and is
    /// watched this long and a second more, so a page with a time-out has given up by then.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(6);
    /// <summary>How long the recovery step waits for the page to ask again after an error.</summary>
    public TimeSpan RecoveryWait { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>How long to wait for the page's first request to its ECE.</summary>
    public TimeSpan FirstRequest { get; init; } = TimeSpan.FromSeconds(15);
    public string? Chromium { get; init; }
    /// <summary>Chromium's host resolver rules, such as MAP www.acme.com 127.0.0.1: the page served on this machine
    /// under the host name it has in production (its own ECE URL is answered here whatever its host).</summary>
    public IReadOnlyList<string> HostRules { get; init; } = [];
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>What one step showed: the page's requests, whether the button was visible, the reason shown, errors.</summary>
/// <param name="ButtonVisible">Whether the button was visible; null when the page could not be looked at (it did not
/// respond): its state is unknown, and the step is not judged by the rules about the button's state.</param>
/// <param name="NotClicked">The survey step's click that could not be made (its selector and why), or null.</param>
internal sealed record StepResult(ButtonStep Step, IReadOnlyList<ApiCall> Calls, bool? ButtonVisible, bool? ReasonVisible, IReadOnlyList<string> Errors, byte[] Screenshot, bool HeldRequestEnded, string? NotClicked = null);

/// <summary>Runs each step on a fresh page in headless Chromium (Playwright), with the page's ECE requests answered
/// by the embedded reference server in the step's state or fault.</summary>
internal static class ButtonRun
{
    public static async Task<IReadOnlyList<StepResult>> RunAsync(ButtonOptions options, EceSpec spec, IProgress<string>? progress, CancellationToken cancel)
    {
        await using var chromium = Browser.Chromium.Find(options.Chromium, options.HostRules);
        var steps = ButtonStep.All(ReferenceServerApp.Scenarios, options.Survey.Count > 0)
            .Where(s => options.Steps.Count == 0 || options.Steps.Contains(s.Name)).ToList();
        if (steps.Count == 0)
        {
            throw new UsageException($"--step names none of: {string.Join(", ", ButtonStep.All(ReferenceServerApp.Scenarios, options.Survey.Count > 0).Select(s => s.Name))}{(options.Survey.Count == 0 ? " (survey needs --survey)" : "")}.");
        }
        var results = new List<StepResult>();
        foreach (var step in steps)
        {
            cancel.ThrowIfCancellationRequested();
            await using var server = await LoopbackApp.ReferenceServerAsync(step.Scenario, cancel: cancel);
            results.Add(await StepAsync(chromium, options, spec, step, server.Url, cancel));
            progress?.Report($"{step.Name}: {results[^1].Calls.Count} requests, button {ButtonJudge.Shown(results[^1].ButtonVisible)}");
        }
        return results;
    }

    private static async Task<StepResult> StepAsync(Browser.Chromium chromium, ButtonOptions options, EceSpec spec, ButtonStep step, Uri server, CancellationToken cancel)
    {
        await using var context = await chromium.ContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var ended = 0; // requests to the ECE the page itself gave up on (its time-out)
        using var router = new ApiRouter(spec, server, step, options.EntryPoints, options.Time);
        page.RequestFailed += (_, request) => { if (router.IsApi(request.Url)) { Interlocked.Increment(ref ended); } };
        await page.RouteAsync(options.ApiPattern, router.HandleAsync);
        var loaded = options.Time.GetTimestamp();
        // Committed, not loaded: a page whose script blocks its load on a request the step never answers is still watched.
        await page.GotoAsync(options.Page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
        // Watch until the settle time has passed since the page's first request (a polling page is never quiet),
        // or until it is clear the page asks nothing. The survey step then clicks its way to the survey, and watches
        // the settle time again.
        string? notClicked = null;
        TimeSpan? clicked = null;
        while (!cancel.IsCancellationRequested)
        {
            var now = options.Time.GetElapsedTime(loaded);
            if (step.Kind == StepKind.Survey && clicked is null && router.FirstCall is { } start && now - start > options.Settle && !router.Full)
            {
                notClicked = await ClickAsync(page, options.Survey);
                clicked = options.Time.GetElapsedTime(loaded);
                continue;
            }
            var settle = step.Kind == StepKind.Slow ? options.PageTimeout + TimeSpan.FromSeconds(1) : options.Settle;
            // Recovery: judged the settle time after the page asked again, or when it has not within the wait.
            // Survey: the settle time after the clicks.
            var asked = step.Kind switch
            {
                StepKind.Recovery => router.Calls.Where(c => c.Invites is not null).Select(c => (TimeSpan?)c.At).FirstOrDefault(),
                StepKind.Survey => clicked,
                _ => router.FirstCall,
            };
            // A flooding page ends its step early: what it sends past the cap would only cost time and memory.
            if (router.Full || (router.FirstCall is null && now > options.FirstRequest) || (asked is { } first && now - first > settle)
                || (step.Kind == StepKind.Recovery && router.FirstCall is { } failed && now - failed > options.RecoveryWait))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), options.Time, cancel);
        }
        if (router.Full)
        {
            // Cut the flood off at the browser: offline, the page's requests fail there, and no longer cost the
            // driver a route event each while the page is looked at. Nothing reaches the network: offline first.
            await context.SetOfflineAsync(true);
            await page.UnrouteAllAsync(new PageUnrouteAllOptions { Behavior = UnrouteBehavior.IgnoreErrors });
        }
        if (options.Wait is { } wait)
        {
            // A widget that draws its button late (a lazy script, a frame): judged once it is there, or after the bound.
            try
            {
                await page.Locator(wait).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = (float)Look.TotalMilliseconds });
            }
            catch (TimeoutException)
            {
                errors.Add($"--wait {wait} never appeared within {Look.TotalSeconds:0} s.");
            }
        }
        var calls = router.Calls;
        // Before the router lets go: an ended request is the page's own doing.
        var heldEnded = step.Kind != StepKind.Slow || Volatile.Read(ref ended) > 0 || calls.Count > 1;
        // A page its own script has frozen (a synchronous request never answered) answers no look: each is bounded,
        // and when one goes unanswered the held requests are let go, and the page looked at once it has come back.
        var (visible, reason) = await LookAsync(page, options, cancel);
        if (visible is null)
        {
            errors.Add($"The page did not respond for {Look.TotalSeconds:0} s: its script blocks it (a synchronous request its ECE is slow to answer) or keeps it too busy (a flood of requests), and a customer's page freezes with it.");
            await router.ReleaseAsync();
            (visible, reason) = await LookAsync(page, options, cancel);
        }
        byte[] shot;
        try
        {
            shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Timeout = (float)Look.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            shot = []; // a page too busy to paint: judged all the same, without its picture
        }
        await router.ReleaseAsync();
        return new StepResult(step, calls, visible, reason, errors, shot, heldEnded, notClicked);
    }

    /// <summary>How long a look at the page (visibility, a screenshot) may take.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(10);

    /// <summary>Whether the button (and the reason) are visible; nulls when the page did not answer in time.</summary>
    private static async Task<(bool? Button, bool? Reason)> LookAsync(IPage page, ButtonOptions options, CancellationToken cancel)
    {
        try
        {
            var button = await page.Locator(options.Button).First.IsVisibleAsync().WaitAsync(Look, options.Time, cancel);
            bool? reason = options.Reason is null ? null : await page.Locator(options.Reason).First.IsVisibleAsync().WaitAsync(Look, options.Time, cancel);
            return (button, reason);
        }
        catch (TimeoutException)
        {
            return (null, null);
        }
    }

    /// <summary>Clicks each selector in turn; returns the first that could not be clicked, and why.</summary>
    private static async Task<string?> ClickAsync(IPage page, IReadOnlyList<string> selectors)
    {
        foreach (var selector in selectors)
        {
            try
            {
                await page.Locator(selector).First.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                return $"{selector}: {e.Message.Split('\n')[0]}";
            }
        }
        return null;
    }
}
