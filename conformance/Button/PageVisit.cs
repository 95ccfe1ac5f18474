using System.Collections.Concurrent;
using System.Text.Json;
using Ece.Spec;
using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>One page in a browser context of its own, on a virtual clock (Playwright's): paused from before the page
/// loads, then run forward to its next timer at a time. After each run the clock waits for the network - every
/// request the page sent reaches the router and its answer the page - so a page's own time-outs fire on its time,
/// never because the checker was slow, and minutes of a visit take seconds. Records what the customer would see: the
/// button over time, dialogs, navigations, windows opened, script errors.</summary>
internal sealed partial class PageVisit : IAsyncDisposable
{
    /// <summary>How far the page's clock runs at the least: a page time-out shorter than this could fire before an
    /// answer the router already has. The clock otherwise runs to the page's next timer, so that each timer fires on
    /// its own and what it sends is answered before anything later; at most <see cref="MaxTick"/>.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>How far the clock runs at most when no timer is near: how late a step ends past its moment.</summary>
    public static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(2);

    /// <summary>How long, in wall time, a look at the page (a tick, a visibility, a screenshot) may take.</summary>
    public static readonly TimeSpan Look = TimeSpan.FromSeconds(5);

    // Playwright's own time-out, on wall time: the browser runs on real time and Playwright takes no TimeProvider.
    /// <summary>How long, in wall time, the page may take to load (its scripts, async ones included) before its clock
    /// first runs: a widget that loads late is then watched from its start.</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(15);

    // Playwright's own time-out, on wall time, as LoadWait.
    /// <summary>How long, in wall time, the page's address may take to answer at all (the navigation committed).</summary>
    private static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(30);

    /// <summary>The most looks a tick takes while the page keeps sending (one that sends a request on each answer).</summary>
    private const int MaxLooks = 20;

    /// <summary>How long, in wall time, a tick waits for the network before it goes on without a request that never
    /// shows up (one blocked before the network, a third-party request still open).</summary>
    private static readonly TimeSpan NetworkWait = TimeSpan.FromSeconds(2);

    /// <summary>Playwright's message when a page of the context closed during a run of the clock (a window the page
    /// opened, closed here): not the page's error.</summary>
    private const string TargetClosed = "Target page, context or browser has been closed";

    /// <summary>The page's clock is installed at this moment and flows until it is paused, a minute later, just before
    /// the page loads: its time starts on a Monday at 09:00 UTC (business hours, for a page that checks its own).</summary>
    private static readonly DateTime Installed = new(2026, 1, 5, 8, 59, 0, DateTimeKind.Utc);
    public static readonly DateTime Epoch = Installed.AddMinutes(1);

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly ApiRouter _router;
    private readonly ButtonOptions _options;
    private readonly Pulse _pulse = new();
    private readonly List<Sample> _samples = [];
    private readonly List<Send> _sends = [];
    private int _announced, _tolerated, _delivered, _ended, _workers;
    private long _now; // the page's time in ticks, read by the router's threads as it stamps requests
    private double _next = -1; // the page's next timer from the last read (ms; -1 none, -2 not known)

    private PageVisit(IBrowserContext context, IPage page, ApiRouter router, ButtonOptions options) =>
        (_context, _page, _router, _options) = (context, page, router, options);

    public IPage Page => _page;

    /// <summary>The page's time since it was opened.</summary>
    public TimeSpan Now { get => TimeSpan.FromTicks(Volatile.Read(ref _now)); private set => Volatile.Write(ref _now, value.Ticks); }

    /// <summary>Web Workers the page started: their timers run on wall time, not on the page's clock.</summary>
    public int Workers => Volatile.Read(ref _workers);

    /// <summary>How many times the clock has been run forward.</summary>
    public int Ticks { get; private set; }

    /// <summary>The page stopped responding (its script blocks it): it is looked at once more, then left.</summary>
    public bool Frozen { get; private set; }

    public string? LoadError { get; private set; }

    /// <summary>Requests to its ECE the page gave up on itself (its time-out).</summary>
    public int Ended => Volatile.Read(ref _ended);

    /// <summary>Whether the --wait element has been seen (always, without --wait).</summary>
    public bool Ready { get; private set; }

    public IReadOnlyList<Sample> Samples => _samples;
    public IReadOnlyList<Send> Sends => _sends;

    public static async Task<PageVisit> OpenAsync(Browser.Chromium chromium, ButtonOptions options, ApiRouter router, CancellationToken cancel)
    {
        var context = await chromium.ContextAsync();
        var visit = new PageVisit(context, await context.NewPageAsync(), router, options) { Ready = options.Wait is null };
        visit.Watch();
        await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Installed });
        await context.Clock.PauseAtAsync(Epoch);
        await context.AddInitScriptAsync(PageProbe.Install);
        await visit._page.RouteAsync(options.ApiPattern, router.HandleAsync);
        await visit.LoadAsync();
        visit._document = true;
        if (router.Full)
        {
            await visit.CutOffAsync(); // a page that floods as it loads is judged on what it sent
            await visit.ReadAsync(cancel); // and on how it sent it
        }
        else if (visit.LoadError is null)
        {
            await visit.SettleAsync(cancel); // what the page sends as it loads is answered at its time 0
        }
        return visit;
    }

    private async Task LoadAsync()
    {
        try
        {
            // Committed, not loaded: a page whose load waits on a request the step never answers is still watched.
            var response = await _page.GotoAsync(_options.Page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = (float)CommitWait.TotalMilliseconds });
            if (response is { } answer && (Http.StatusClass.ClientError(answer.Status) || Http.StatusClass.ServerError(answer.Status)))
            {
                LoadError = $"the page answered {answer.Status} {SafeXml.Printable(SafeXml.Cut(answer.StatusText, 60))}";
                return;
            }
            // Its scripts, async ones included, run (and set their timers) before the clock first runs; bounded, as a
            // script may block the load (a synchronous request the step never answers).
            // A page that floods its ECE as it loads is not waited for: it is cut off at the cap.
            var loaded = _page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = (float)LoadWait.TotalMilliseconds });
            await await Task.WhenAny(loaded, _router.Flooded);
        }
        catch (TimeoutException)
        {
            // a page whose script blocks its parsing: watched all the same, and found frozen
        }
        catch (PlaywrightException e)
        {
            LoadError = "the page could not be opened: " + SafeXml.Printable(SafeXml.Cut(e.Message.Split('\n')[0], 200));
        }
    }

    private void Requested(IRequest request)
    {
        IFrame? frame;
        try
        {
            frame = request.Frame;
        }
        catch (PlaywrightException)
        {
            frame = null; // a worker's request: no frame of the page's, and no probe counts it
        }
        if (frame is not null && request.ResourceType is "fetch" or "xhr")
        {
            Interlocked.Increment(ref _announced);
        }
        if (frame == _page.MainFrame && request.IsNavigationRequest && _document)
        {
            // A new document: the customer left the page, and its probe counts from zero.
            Interrupted(VisitJudge.NavigatedAway, request.Url);
            Interlocked.Exchange(ref _announced, 0);
            _tolerated = 0;
        }
        _open[request] = 0;
        if (_router.IsApi(request.Url))
        {
            _openApi[request] = 0;
        }
        else if (_otherUrls.Count < 4 * MaxUrls && !request.Url.StartsWith("data:", StringComparison.Ordinal))
        {
            _otherUrls.Enqueue(SafeXml.Printable(SafeXml.Cut(request.Url, 120)));
        }
        _pulse.Fire();
    }

    private void Finished(IRequest request, bool failed)
    {
        _open.TryRemove(request, out _);
        if (_openApi.TryRemove(request, out _))
        {
            Interlocked.Increment(ref _delivered);
            if (failed)
            {
                Interlocked.Increment(ref _ended);
            }
        }
        _pulse.Fire();
    }

    /// <summary>Runs the page's clock to its next timer (within bounds), then lets it settle.</summary>
    public async Task TickAsync(CancellationToken cancel)
    {
        if (Frozen)
        {
            return;
        }
        var tick = NextTick();
        Now += tick; // before the run: what its timers send is stamped with its end, the moment they fire
        Ticks++;
        try
        {
            await _context.Clock.RunForAsync((long)tick.TotalMilliseconds).WaitAsync(Look, _options.Time, cancel);
        }
        catch (TimeoutException)
        {
            Frozen = true;
            return;
        }
        catch (PlaywrightException e) when (!_page.IsClosed)
        {
            // The clock runs the page's timers and rethrows the first error one threw: the page's uncaught error. A
            // navigation during the run ends its context the same way, and a window the page opened (closed here)
            // ends the run in that window; each is recorded as an interruption.
            if (!e.Message.Contains("Execution context was destroyed", StringComparison.Ordinal) && !e.Message.StartsWith(TargetClosed, StringComparison.Ordinal))
            {
                _errors.Enqueue(SafeXml.Cut(e.Message.Split('\n')[0], 300));
            }
        }
        await SettleAsync(cancel);
    }

    /// <summary>Waits until every request the page has sent (in any of its frames, of any kind: a widget's script too)
    /// has been seen and answered, held ones aside, then looks at the button and reads the page again: what its
    /// answers made it send is waited for in turn. Bounded: a request that never shows up or never ends is waited for
    /// once, then tolerated; a page that keeps sending is looked at <see cref="MaxLooks"/> times at most.</summary>
    private async Task SettleAsync(CancellationToken cancel)
    {
        var started = _options.Time.GetTimestamp();
        for (var looks = 0; looks < MaxLooks && !_router.Full; looks++)
        {
            var next = _pulse.Next;
            if (await ReadAsync(cancel) is not { } sent)
            {
                return;
            }
            var unseen = sent - _tolerated - Volatile.Read(ref _announced);
            if (unseen <= 0 && _open.Keys.All(r => _router.IsHeld(r) || _ignored.ContainsKey(r)))
            {
                var visible = await VisibleNowAsync(cancel);
                if (Frozen || await ReadAsync(cancel) is not { } again || again == sent)
                {
                    _samples.Add(new Sample(Now, visible));
                    return;
                }
                continue; // its answers made it send more: waited for first
            }
            var left = NetworkWait - _options.Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                _tolerated += Math.Max(0, unseen);
                foreach (var open in _open.Keys.Where(r => !_router.IsHeld(r)))
                {
                    _ignored[open] = 0; // not waited for again
                }
                continue;
            }
            try
            {
                await next.WaitAsync(left, _options.Time, cancel);
            }
            catch (TimeoutException)
            {
                // read once more, then tolerated
            }
        }
        _samples.Add(new Sample(Now, await VisibleNowAsync(cancel)));
    }
}
