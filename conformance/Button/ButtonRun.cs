using Ece.ReferenceServer;
using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>Runs the steps of a button check, each on a page of its own in headless Chromium (Playwright), on the
/// page's virtual clock, with the page's ECE requests answered by the embedded reference server in the step's state
/// or fault; steps run side by side, each in a browser context of its own.</summary>
internal static class ButtonRun
{
    public static async Task<IReadOnlyList<StepResult>> RunAsync(ButtonOptions options, EceSpec spec, IProgress<string>? progress, CancellationToken cancel)
    {
        var all = ButtonStep.All(ReferenceServerApp.Scenarios, options.Survey.Count > 0);
        if (options.Steps.FirstOrDefault(name => all.All(s => s.Name != name)) is { } unknown)
        {
            // Each name is checked: a typo among good names would otherwise leave a step out without a word.
            throw new UsageException($"--step {unknown} is none of: {string.Join(", ", all.Select(s => s.Name))}{(options.Survey.Count == 0 ? " (survey needs --survey)" : "")}.");
        }
        var steps = all.Where(s => options.Steps.Count == 0 || options.Steps.Contains(s.Name)).ToList();
        await using var chromium = Browser.Chromium.Find(options.Chromium, options.HostRules);
        await using var servers = new ScenarioServers(spec);
        using var gate = new SemaphoreSlim(options.Parallel);
        var running = steps.Select(async step =>
        {
            await gate.WaitAsync(cancel);
            try
            {
                var result = await StepAsync(chromium, servers, options, spec, step, cancel);
                progress?.Report($"{step.Name}: {result.Calls.Count} requests in {VisitJudge.Seconds(result.Duration)} of page time, button {ButtonJudge.Shown(result.ButtonVisible)}");
                return result;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return await Task.WhenAll(running);
    }

    private static async Task<StepResult> StepAsync(Browser.Chromium chromium, ScenarioServers servers, ButtonOptions options, EceSpec spec, ButtonStep step, CancellationToken cancel)
    {
        PageVisit? visit = null;
        using var router = new ApiRouter(spec, await servers.UrlAsync(step.Scenario, cancel), StepDriver.Initially(step.Kind), options.EntryPoints, () => visit?.Now ?? TimeSpan.Zero);
        Timing.Log($"button {step.Name}: opening");
        await using (visit = await PageVisit.OpenAsync(chromium, options, router, cancel))
        {
            Timing.Log($"button {step.Name}: opened");
            var allowed = await servers.ChatAllowedAsync(step.Scenario, cancel);
            var driver = new StepDriver(step, options, router, visit, servers, step.Kind == StepKind.Scenario ? allowed : null);
            if (visit.LoadError is null)
            {
                await driver.RunAsync(cancel);
            }
            Timing.Log($"button {step.Name}: ran {visit.Ticks} ticks to {VisitJudge.Seconds(visit.Now)}");
            if (router.Full)
            {
                // Cut the flood off at the browser: offline, the page's requests fail there, and no longer cost the
                // driver a route event each while the page is looked at. Nothing reaches the network: offline first.
                await visit.Page.Context.SetOfflineAsync(true);
                await visit.Page.UnrouteAllAsync(new Microsoft.Playwright.PageUnrouteAllOptions { Behavior = Microsoft.Playwright.UnrouteBehavior.IgnoreErrors });
            }
            // Before the router lets go: an ended request is the page's own doing.
            var heldEnded = step.Kind != StepKind.Slow || visit.Ended > 0 || router.Calls.Count > 1;
            return await FinishAsync(visit, router, options, step, cancel) with
            {
                HeldRequestEnded = heldEnded, NotClicked = driver.NotClicked, Changes = driver.Changes, FollowWithin = options.FollowWithin,
                ChatAllowed = allowed,
            };
        }
    }

    /// <summary>The last look at the page: the button (again once a frozen page is let go), the reason, what the
    /// selectors matched, a screenshot.</summary>
    private static async Task<StepResult> FinishAsync(PageVisit visit, ApiRouter router, ButtonOptions options, ButtonStep step, CancellationToken cancel)
    {
        var loaded = visit.LoadError is null;
        if (loaded && !visit.Frozen)
        {
            await visit.SampleAsync(cancel);
        }
        if (visit.Frozen)
        {
            // A page its own script froze (a synchronous request never answered) answers no look: the held requests
            // are let go, and the page looked at once it has come back.
            visit.Thaw();
            await router.ReleaseAsync();
            await visit.SampleAsync(cancel);
        }
        if (!visit.Ready && options.Wait is { } wait)
        {
            visit.Note($"--wait {wait} never appeared within {VisitJudge.Seconds(visit.Now)} of the page's time.");
        }
        var reason = options.Reason is null || !loaded ? null : await visit.VisibleAsync(options.Reason, cancel);
        var buttons = loaded ? await visit.CountAsync(options.Button, cancel) : -1;
        var shot = loaded ? await visit.ScreenshotAsync() : [];
        await router.ReleaseAsync();
        Timing.Log($"button {step.Name}: looked at");
        return new StepResult(step, router.Calls, visit.Samples, reason, visit.Errors, shot, true)
        {
            Interruptions = visit.Interruptions, Sends = visit.Sends, Duration = visit.Now, Ticks = visit.Ticks, Workers = visit.Workers, LoadError = visit.LoadError, OtherUrls = visit.OtherUrls,
            ButtonMatches = buttons, Candidates = buttons == 0 ? await visit.CandidatesAsync(cancel) : [],
            ReasonMatches = options.Reason is null || !loaded ? -1 : await visit.CountAsync(options.Reason, cancel),
        };
    }
}
