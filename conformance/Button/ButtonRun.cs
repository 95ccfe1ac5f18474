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
    public IReadOnlyList<string> EntryPoints { get; init; } = [];
    public string ApiPattern { get; init; } = DefaultApiPattern;

    /// <summary>Any request whose path holds the spec's operations path, on any host, scheme and base path.</summary>
    public static readonly string DefaultApiPattern = "**" + EceSpec.Default.OperationsPath + "**";
    public IReadOnlyList<string> Steps { get; init; } = [];
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
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>What one step showed: the page's requests, whether the button was visible, the reason shown, errors.</summary>
internal sealed record StepResult(ButtonStep Step, IReadOnlyList<ApiCall> Calls, bool ButtonVisible, bool? ReasonVisible, IReadOnlyList<string> Errors, byte[] Screenshot, bool HeldRequestEnded);

/// <summary>Runs each step on a fresh page in headless Chromium (Playwright), with the page's ECE requests answered
/// by the embedded reference server in the step's state or fault.</summary>
internal static class ButtonRun
{
    public static async Task<IReadOnlyList<StepResult>> RunAsync(ButtonOptions options, EceSpec spec, IProgress<string>? progress, CancellationToken cancel)
    {
        await using var chromium = Browser.Chromium.Find(options.Chromium);
        var steps = ButtonStep.All(ReferenceServerApp.Scenarios)
            .Where(s => options.Steps.Count == 0 || options.Steps.Contains(s.Name)).ToList();
        if (steps.Count == 0)
        {
            throw new UsageException($"--step names none of: {string.Join(", ", ButtonStep.All(ReferenceServerApp.Scenarios).Select(s => s.Name))}.");
        }
        var results = new List<StepResult>();
        foreach (var step in steps)
        {
            cancel.ThrowIfCancellationRequested();
            await using var server = await LoopbackApp.ReferenceServerAsync(step.Scenario, cancel: cancel);
            results.Add(await StepAsync(chromium, options, spec, step, server.Url, cancel));
            progress?.Report($"{step.Name}: {results[^1].Calls.Count} requests, button {(results[^1].ButtonVisible ? "shown" : "hidden")}");
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
        await page.GotoAsync(options.Page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 30_000 });
        // Watch until the settle time has passed since the page's first request (a polling page is never quiet),
        // or until it is clear the page asks nothing.
        while (!cancel.IsCancellationRequested)
        {
            var now = options.Time.GetElapsedTime(loaded);
            var settle = step.Kind == StepKind.Slow ? options.PageTimeout + TimeSpan.FromSeconds(1) : options.Settle;
            // Recovery: judged the settle time after the page asked again, or when it has not within the wait.
            var asked = step.Kind == StepKind.Recovery ? router.Calls.Where(c => c.Invites is not null).Select(c => (TimeSpan?)c.At).FirstOrDefault() : router.FirstCall;
            if ((router.FirstCall is null && now > options.FirstRequest) || (asked is { } first && now - first > settle)
                || (step.Kind == StepKind.Recovery && router.FirstCall is { } failed && now - failed > options.RecoveryWait))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), options.Time, cancel);
        }
        var calls = router.Calls;
        var visible = await page.Locator(options.Button).First.IsVisibleAsync();
        bool? reason = options.Reason is null ? null : await page.Locator(options.Reason).First.IsVisibleAsync();
        // Before the router lets go: an ended request is the page's own doing.
        var heldEnded = step.Kind != StepKind.Slow || Volatile.Read(ref ended) > 0 || calls.Count > 1;
        byte[] shot;
        try
        {
            shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            shot = []; // a page too busy to paint: judged all the same, without its picture
        }
        await router.ReleaseAsync();
        return new StepResult(step, calls, visible, reason, errors, shot, heldEnded);
    }
}
