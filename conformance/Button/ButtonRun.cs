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
        var steps = Planned(options);
        await using var chromium = Browser.Chromium.Find(options.Chromium, options.HostRules);
        await using var servers = new ScenarioServers(spec, options.Time, options.Replay);
        // Lock order (README, One lock order): a step's place is taken with nothing held; Chromium's start is taken under it.
        using var gate = new SemaphoreSlim(options.Parallel);
        string? flooded = null;
        var running = steps.Select(async step =>
        {
            await gate.WaitAsync(cancel);
            try
            {
                if (Volatile.Read(ref flooded) is { } by)
                {
                    progress?.Report($"{step.Name}: not run ({by} reached the cap of {ApiRouter.MaxCalls} requests)");
                    return null;
                }
                var result = await StepAsync(chromium, servers, options, spec, step, cancel);
                progress?.Report($"{step.Name}: {result.Calls.Count} requests in {VisitJudge.Seconds(result.Duration)} of page time, button {ButtonJudge.Shown(result.ButtonVisible)}");
                if (result.Calls.Count >= ApiRouter.MaxCalls)
                {
                    // A page that floods its ECE does so in every step: the steps not yet started are not run, so a
                    // check of such a page stays as short as one of a page that behaves.
                    Interlocked.CompareExchange(ref flooded, step.Name, null);
                }
                return result;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return [.. (await Task.WhenAll(running)).OfType<StepResult>()];
    }

    /// <summary>Which planned steps were not run and why (a page that flooded its ECE), or null when all were.</summary>
    public static string? NotRun(ButtonOptions options, IReadOnlyList<StepResult> steps) =>
        NotRunSteps(options, steps).Select(p => p.Name).ToList() is { Count: > 0 } names
            ? $"{string.Join(", ", names)}. " + (steps.FirstOrDefault(s => s.Calls.Count >= ApiRouter.MaxCalls) is { } flood
                ? $"The page sent {ApiRouter.MaxCalls} requests to its ECE in step {flood.Step.Name} (the most a step answers): it would in every step, so the others were not started, and the rules they judge are not judged."
                : "The check was stopped before they started.")
            : null;

    /// <summary>The planned steps that were not run.</summary>
    public static IReadOnlyList<ButtonStep> NotRunSteps(ButtonOptions options, IReadOnlyList<StepResult> steps) =>
        [.. Planned(options).Where(p => steps.All(s => s.Step.Name != p.Name))];

    /// <summary>The steps a check runs, in order: every step, or those --step names (each name checked).</summary>
    public static IReadOnlyList<ButtonStep> Planned(ButtonOptions options)
    {
        var all = ButtonStep.All(ReferenceServerApp.Scenarios, options.Survey.Count > 0, options.Replay.Count > 0);
        if (options.Steps.FirstOrDefault(name => all.All(s => s.Name != name)) is { } unknown)
        {
            // Each name is checked: a typo among good names would otherwise leave a step out without a word.
            throw new UsageException($"--step {unknown} is none of: {string.Join(", ", all.Select(s => s.Name))}{(options.Survey.Count == 0 ? " (survey needs --survey)" : "")}.");
        }
        return [.. all.Where(s => options.Steps.Count == 0 || options.Steps.Contains(s.Name))];
    }

    private static async Task<StepResult> StepAsync(Browser.Chromium chromium, ScenarioServers servers, ButtonOptions options, EceSpec spec, ButtonStep step, CancellationToken cancel)
    {
        PageVisit? visit = null;
        // The replay step forwards the page's own ids: the recording holds production's.
        using var router = new ApiRouter(spec, await servers.UrlAsync(step.Scenario, cancel), StepDriver.Initially(step.Kind), options.EntryPoints, () => visit?.Now ?? TimeSpan.Zero) { OwnIds = step.Kind == StepKind.Replay };
        Timing.Log($"button {step.Name}: opening");
        await using (visit = await PageVisit.OpenAsync(chromium, options, router, cancel))
        {
            Timing.Log($"button {step.Name}: opened");
            var allowed = await servers.ChatAllowedAsync(step.Scenario, cancel);
            var driver = new StepDriver(step, options, router, visit, servers, step.Kind == StepKind.Scenario ? allowed : null);
            if (visit.LoadError is null)
            {
                try
                {
                    await driver.RunAsync(cancel);
                }
                catch (Microsoft.Playwright.PlaywrightException e)
                {
                    // Whatever the page did to the browser (closed itself, crashed it), this step is judged on what was
                    // seen until then; the other steps go on.
                    visit.Note($"The step ended at {VisitJudge.Seconds(visit.Now)} of the page's time: {SafeXml.Printable(SafeXml.Cut(e.Message.Split('\n')[0], 200))}");
                }
            }
            Timing.Log($"button {step.Name}: ran {visit.Ticks} ticks to {VisitJudge.Seconds(visit.Now)}");
            var froze = visit.Frozen && !router.Holding ? visit.Now : (TimeSpan?)null;
            if (router.Full)
            {
                await visit.CutOffAsync();
            }
            // Before the router lets go: an ended request is the page's own doing. An XMLHttpRequest time-out runs on
            // wall time, not on the page's clock: waited for (at most the page's time-out allowed, and a second).
            var heldEnded = step.Kind != StepKind.Slow || visit.Ended > 0 || router.Calls.Count > 1
                || (router.Holding && await visit.AwaitTimeoutAsync(options.PageTimeout, cancel));
            return await FinishAsync(visit, router, options, step, cancel) with
            {
                HeldRequestEnded = heldEnded, NotClicked = driver.NotClicked, Changes = driver.Changes, FollowWithin = options.FollowWithin,
                ChatAllowed = allowed, FrozeAt = froze,
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
            // are let go, and the page looked at once it has come back. A page frozen by its own script (none held),
            // or still frozen, is not looked at again: each look would wait its time in vain.
            var holding = router.Holding;
            visit.Thaw();
            await router.ReleaseAsync();
            if (holding)
            {
                await visit.SampleAsync(cancel);
            }
            loaded &= holding && !visit.Frozen;
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
