using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Monitor;

/// <summary>What one cycle found for one target: each rule's finding, each request's duration, the button per entry point.</summary>
internal sealed record CycleResult(
    Uri Target,
    DateTimeOffset At,
    TimeSpan Duration,
    bool Reachable,
    string? Error,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<(string Operation, TimeSpan Elapsed)> Requests,
    IReadOnlyDictionary<string, ButtonState> Buttons)
{
    /// <summary>Why this cycle tested the wrong thing (the check command's diagnosis: no API under the base path, every
    /// entry point unknown, every answer cut by a --timeout shorter than the cycle allows...), or null: its rules are
    /// then not judged and its buttons unknown, a set-up to change rather than an outage.</summary>
    public Misconfiguration? Misconfigured { get; init; }
}

/// <param name="Reason">A fixed word for the metric's label (Diagnosis.Kinds).</param>
/// <param name="Problem">What is wrong and the option to change, in the check command's words.</param>
internal sealed record Misconfiguration(string Reason, string Problem);

/// <summary>One cycle: the read-only rules of the catalogue against one target, as the check command runs them
/// (the same plan, filter and checks), with writes forbidden whatever the settings say, so no survey is ever posted.</summary>
internal static class MonitorCycle
{
    public static async Task<CycleResult> RunAsync(Uri target, MonitorSettings settings, HttpMessageHandler? shared, CancellationToken cancel)
    {
        var spec = EceSpec.Default;
        var time = settings.Time;
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        // A client per cycle: its record of exchanges and its count of time-outs are the cycle's, so neither grows
        // over the monitor's life nor silences a target that once stalled.
        using var client = new TargetClient(target, Connection(settings), time, shared);
        var checks = settings.Checks with { AllowWrites = false, Origin = null };
        var context = new CheckContext(spec, client, checks);

        // A cycle never outlasts its interval, its first request included: what is not judged by then is reported as
        // not judged, and a button not read by then is unknown.
        using var deadline = new CancellationTokenSource(settings.Interval, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline.Token);
        var chatAllowed = spec.Reporting(Quantity.ChatAllowed).Operation;
        // The first request is the one a chat button makes, and the answer its state is read from: asked once, shared
        // with the checks that read it, as a page asks it once per poll (a slow target is not asked twice as slowly).
        var first = await FirstAsync(context, chatAllowed, checks.EntryPoints[0], cancel, bounded.Token);
        if (first?.Failure == ExchangeFailure.Unreachable)
        {
            return new CycleResult(target, at, time.GetElapsedTime(started), false, first.Error, [], [],
                checks.EntryPoints.ToDictionary(ep => ep, _ => ButtonState.Unknown));
        }
        var calls = ConformanceRun.Plan(context, settings.Filter, out _);
        var left = settings.Interval - time.GetElapsedTime(started);
        var findings = await ConformanceRun.ExecuteAsync(calls, left > TimeSpan.Zero ? left : TimeSpan.Zero, null, time, cancel);
        var buttons = await ButtonsAsync(context, chatAllowed, cancel, bounded.Token);
        var requests = client.Exchanges.Where(x => x.Operation is not null && x.Attempts > 0)
            .Select(x => (x.Operation!, TimeSpan.FromMilliseconds(x.ElapsedMs))).ToList();
        var judged = findings.Where(f => f.Outcome != Outcome.Skipped).ToList();
        // The state decides what a diagnosis means: a set-up to change for a target never seen healthy with these
        // settings, an outage for one that was (MonitorState.Apply).
        return new CycleResult(target, at, time.GetElapsedTime(started), true, null, judged, requests, buttons)
        {
            Misconfigured = await MisconfiguredAsync(context, bounded.Token),
        };
    }

    /// <summary>Each entry point's button, read from the answer a page polls (asked once per cycle, shared with the checks).</summary>
    private static async Task<Dictionary<string, ButtonState>> ButtonsAsync(CheckContext context, Operation chatAllowed, CancellationToken stop, CancellationToken bounded)
    {
        var buttons = new Dictionary<string, ButtonState>();
        foreach (var ep in context.Settings.EntryPoints)
        {
            try
            {
                buttons[ep] = ButtonState.From(await context.AnswerAsync(chatAllowed, ep, bounded), context.Spec, context.Settings.LatencyBudget);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // Cut by the cycle's deadline (the answer is remembered cancelled): not known this cycle.
                buttons[ep] = ButtonState.Unknown;
            }
        }
        return buttons;
    }

    /// <summary>The check command's diagnosis of this cycle, or null. Answers cut by the time-out are never a
    /// misconfiguration here: a hung ECE answers nothing in time too, and that is an outage to page for.</summary>
    private static async Task<Misconfiguration?> MisconfiguredAsync(CheckContext context, CancellationToken cancel)
    {
        Diagnosis diagnosis;
        try
        {
            diagnosis = await Diagnosis.FindAsync(context, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return null;
        }
        return diagnosis.Problems.Select((p, i) => new Misconfiguration(diagnosis.Kinds[i], p))
            .FirstOrDefault(m => m.Reason != Diagnosis.Timeout);
    }

    /// <summary>A cycle's requests: at most two at once (a browser's chat button keeps one or two connections), each
    /// ending before the cycle's deadline, so an answer that never comes is a time-out the cycle records (the button
    /// hidden for an error, the time over the budget), not a request cut with nothing to show.</summary>
    public static TargetOptions Connection(MonitorSettings settings)
    {
        var most = settings.Interval * 0.8;
        return settings.Connection with
        {
            Concurrency = MonitorSettings.RequestsPerTarget,
            Timeout = settings.Connection.Timeout < most ? settings.Connection.Timeout : most,
        };
    }

    /// <summary>The first answer's exchange; null when the cycle's deadline came first (not unreachable: not known).</summary>
    private static async Task<Exchange?> FirstAsync(CheckContext context, Operation chatAllowed, string entryPoint, CancellationToken stop, CancellationToken bounded)
    {
        try
        {
            return (await context.AnswerAsync(chatAllowed, entryPoint, bounded)).Exchange;
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return null;
        }
    }
}
