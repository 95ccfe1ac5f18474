using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>What a step does on the page's clock: tick until the page has been judged long enough, changing ECE's
/// state under it once it has settled (a change step), or clicking to its survey.</summary>
internal sealed class StepDriver(ButtonStep step, ButtonOptions options, ApiRouter router, PageVisit visit, ScenarioServers servers, ChatAllowed? allowed)
{
    // Playwright's own time-out, on wall time: the browser runs on real time and Playwright takes no TimeProvider.
    /// <summary>How long, in wall time, a survey's element may take to be clickable.</summary>
    private static readonly TimeSpan ClickWait = TimeSpan.FromSeconds(5);

    private readonly List<Change> _changes = [];
    private TimeSpan? _clicked;

    public IReadOnlyList<Change> Changes => _changes;

    /// <summary>The survey step's click that could not be made (its selector and why), or null.</summary>
    public string? NotClicked { get; private set; }

    /// <summary>How the router answers when the page loads, for each kind of step.</summary>
    public static Answering Initially(StepKind kind) => kind switch
    {
        StepKind.Status500 => Answering.Status500,
        StepKind.Slow => Answering.Never,
        StepKind.Malformed => Answering.Malformed,
        StepKind.Refused => Answering.Refused,
        StepKind.Reset => Answering.Reset,
        StepKind.OtherForm => Answering.OtherForm,
        StepKind.Recovery => Answering.FirstFails,
        _ => Answering.AsIs,
    };

    internal enum Move { Tick, End, Change, Back, Fault, Click }

    /// <summary>Ticks and moves until the step has been watched; a page that froze ends it there (ECE's state is not
    /// changed under a page that cannot follow: its freeze is ECE-CL-005's).</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested && !visit.Frozen && !router.Full)
        {
            await visit.TickAsync(cancel);
            var move = Next(router.Calls, visit.Now);
            if (move == Move.End || visit.Frozen)
            {
                return;
            }
            await MakeAsync(move, cancel);
        }
    }

    private async Task MakeAsync(Move move, CancellationToken cancel)
    {
        switch (move)
        {
            case Move.Change:
                var to = ButtonStep.Counterpart(allowed)!;
                router.Server = await servers.UrlAsync(to, cancel);
                _changes.Add(new Change(visit.Now, to, Healthy: true));
                break;
            case Move.Back:
                router.Server = await servers.UrlAsync(step.Scenario, cancel);
                router.Answering = Answering.AsIs;
                _changes.Add(new Change(visit.Now, step.Scenario, Healthy: true));
                break;
            case Move.Fault:
                router.Answering = Answering.Status500;
                _changes.Add(new Change(visit.Now, ButtonStep.NameOf(StepKind.Status500), Healthy: false));
                break;
            case Move.Click:
                NotClicked = await ClickAsync(visit.Page, options.Survey);
                _clicked = visit.Now;
                break;
        }
    }

    /// <summary>What to do after a tick, from what the page has asked and shown so far.</summary>
    internal Move Next(IReadOnlyList<ApiCall> calls, TimeSpan now)
    {
        var first = calls.Count == 0 ? (TimeSpan?)null : calls.Min(c => c.At);
        if (first is null || (!visit.Ready && now < first + options.FirstRequest))
        {
            return now >= options.FirstRequest ? Move.End : Move.Tick;
        }
        var since = now - first.Value;
        return step.Kind switch
        {
            StepKind.Slow => since >= options.PageTimeout + TimeSpan.FromSeconds(1) ? Move.End : Move.Tick,
            StepKind.Recovery => calls.FirstOrDefault(c => c.Invites is not null) is { } healthy
                ? (now >= healthy.At + options.Settle ? Move.End : Move.Tick)
                : (since >= options.RecoveryWait ? Move.End : Move.Tick),
            StepKind.Survey => _clicked is { } clicked
                ? (now - clicked >= options.Settle ? Move.End : Move.Tick)
                : (since >= options.Settle ? Move.Click : Move.Tick),
            // Opened in a state, then changed under the page once it has settled, and back (where chatAllowed has a
            // healthy answer to change from).
            StepKind.Scenario => _changes.Count switch
            {
                0 => since < options.Settle ? Move.Tick : ButtonStep.Counterpart(allowed) is null ? Move.End : Settled(calls, since) ? Move.Change : Move.Tick,
                1 => Watched(calls, now) ? Move.Back : Move.Tick,
                _ => Watched(calls, now) ? Move.End : Move.Tick,
            },
            StepKind.FaultAndBack => _changes.Count switch
            {
                0 => Settled(calls, since) ? Move.Fault : Move.Tick,
                1 => FaultSeen(calls, now) ? Move.Back : Move.Tick,
                _ => Watched(calls, now) ? Move.End : Move.Tick,
            },
            _ => since >= options.Settle ? Move.End : Move.Tick,
        };
    }

    /// <summary>Settled into its rhythm: the page asked its operation a second time, or asked once and not again
    /// for a while (a page that stops asking after its first answers is caught by the change that follows).</summary>
    private bool Settled(IReadOnlyList<ApiCall> calls, TimeSpan since) =>
        calls.Count(c => c.Operation == calls[0].Operation) >= 2 || since >= options.SettledAfter;

    /// <summary>The fault has been served and the page has hidden its button (and had the settle time since), or it
    /// had --follow-within to (a page may retry before it gives up); or it asked nothing for a while.</summary>
    private bool FaultSeen(IReadOnlyList<ApiCall> calls, TimeSpan now)
    {
        var fault = _changes[0].At;
        if (calls.FirstOrDefault(c => c.At > fault && c.Fault is not null) is not { } failed)
        {
            return now >= fault + options.SettledAfter;
        }
        return visit.Samples.FirstOrDefault(s => s.At >= failed.At && s.Visible == false) is { } hidden
            ? now >= hidden.At + options.Settle
            : now >= failed.At + options.FollowWithin;
    }

    /// <summary>Whether the last change has been watched long enough: the button has followed it for the settle
    /// time, or the time it had to follow is up.</summary>
    private bool Watched(IReadOnlyList<ApiCall> calls, TimeSpan now)
    {
        var change = _changes[^1];
        var followed = VisitJudge.Followed(calls, visit.Samples, change, now);
        return now >= change.At + options.FollowWithin || (followed is { } at && now >= at + options.Settle);
    }

    /// <summary>Clicks each selector in turn; returns the first that could not be clicked, and why.</summary>
    private static async Task<string?> ClickAsync(IPage page, IReadOnlyList<string> selectors)
    {
        foreach (var selector in selectors)
        {
            try
            {
                await page.Locator(selector).First.ClickAsync(new LocatorClickOptions { Timeout = (float)ClickWait.TotalMilliseconds });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                return $"{selector}: {e.Message.Split('\n')[0]}";
            }
        }
        return null;
    }
}
