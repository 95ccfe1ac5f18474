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

    /// <summary>How long, in wall time, a tick waits for the network before it goes on without a request that never
    /// shows up (one blocked before the network, a third-party request still open).</summary>
    private static readonly TimeSpan NetworkWait = TimeSpan.FromSeconds(2);

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
    private int _announced, _tolerated, _delivered, _ended;

    private PageVisit(IBrowserContext context, IPage page, ApiRouter router, ButtonOptions options) =>
        (_context, _page, _router, _options) = (context, page, router, options);

    public IPage Page => _page;

    /// <summary>The page's time since it was opened.</summary>
    public TimeSpan Now { get; private set; }

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
        if (visit.LoadError is null)
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
            var response = await _page.GotoAsync(_options.Page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
            if (response is { } answer && (Http.StatusClass.ClientError(answer.Status) || Http.StatusClass.ServerError(answer.Status)))
            {
                LoadError = $"the page answered {answer.Status} {SafeXml.Printable(SafeXml.Cut(answer.StatusText, 60))}";
                return;
            }
            // Its scripts run (and set their timers) before the clock first runs; bounded, as a script may block it.
            await _page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions { Timeout = (float)Look.TotalMilliseconds });
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
        if (request.ResourceType is "fetch" or "xhr")
        {
            Interlocked.Increment(ref _announced);
        }
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
        var tick = await NextTickAsync(cancel);
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
        catch (PlaywrightException e) when (!e.Message.Contains("closed", StringComparison.OrdinalIgnoreCase))
        {
            // The clock runs the page's timers and rethrows the first error one threw: the page's uncaught error. A
            // navigation during the run ends its context the same way; it is recorded as an interruption.
            if (!e.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
            {
                _errors.Enqueue(SafeXml.Cut(e.Message.Split('\n')[0], 300));
            }
        }
        await SettleAsync(cancel);
    }

    /// <summary>Looks at the page, and until every request it has sent is seen and every answer to its ECE delivered
    /// (held ones aside), waits for the network and looks again; bounded: a request that never shows up is
    /// tolerated from then on. The last look is the button's sample.</summary>
    private async Task SettleAsync(CancellationToken cancel)
    {
        var started = _options.Time.GetTimestamp();
        while (true)
        {
            var next = _pulse.Next;
            if (await LookAtAsync(cancel) is not { } sent)
            {
                return;
            }
            var unseen = sent - _tolerated - Volatile.Read(ref _announced);
            if (unseen <= 0 && _openApi.Count <= _router.Held)
            {
                return;
            }
            _samples.RemoveAt(_samples.Count - 1); // looked at again once the network is quiet
            var left = NetworkWait - _options.Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                _tolerated += Math.Max(0, unseen);
                foreach (var open in _openApi.Keys.Skip(_router.Held))
                {
                    _openApi.TryRemove(open, out _); // not waited for again
                }
                continue;
            }
            try
            {
                await next.WaitAsync(left, _options.Time, cancel);
            }
            catch (TimeoutException)
            {
                // looked at once more, then tolerated
            }
        }
    }

    /// <summary>To the page's next timer in any frame, at least <see cref="Tick"/>, at most <see cref="MaxTick"/>:
    /// read just before the clock runs, as the page may have set timers since it was last looked at.</summary>
    private async Task<TimeSpan> NextTickAsync(CancellationToken cancel)
    {
        var next = -1.0;
        foreach (var frame in _page.Frames.Take(MaxFrames))
        {
            double due;
            try
            {
                due = await frame.EvaluateAsync<double>(PageProbe.NextTimer).WaitAsync(Look, _options.Time, cancel);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                due = -2; // a frame on its way, or too busy to say
            }
            next = next == -2 || due == -2 ? -2 : due >= 0 && (next < 0 || due < next) ? due : next;
        }
        return next == -2 ? Tick : next < 0 ? MaxTick : TimeSpan.FromMilliseconds(Math.Clamp(Math.Ceiling(next), Tick.TotalMilliseconds, MaxTick.TotalMilliseconds));
    }

    /// <summary>One look: the probe (how many requests sent, when), the next timer, the button; null when the page
    /// did not answer (frozen).</summary>
    private async Task<int?> LookAtAsync(CancellationToken cancel)
    {
        JsonElement look;
        try
        {
            look = await _page.EvaluateAsync<JsonElement>(PageProbe.Look, _options.Button).WaitAsync(Look, _options.Time, cancel);
        }
        catch (TimeoutException)
        {
            Frozen = true;
            return null;
        }
        catch (PlaywrightException)
        {
            _samples.Add(new Sample(Now, null));
            return 0; // a document on its way (a navigation): nothing to wait for in it yet, nothing to see
        }
        var origin = new DateTimeOffset(Epoch).ToUnixTimeMilliseconds();
        foreach (var entry in look[1].EnumerateArray().Take(PageProbe.MaxLog - _sends.Count))
        {
            _sends.Add(new Send(TimeSpan.FromMilliseconds(entry[1].GetDouble() - origin), entry[0].GetString() ?? "", entry[2].GetInt32()));
        }
        var visible = look[2].ValueKind is JsonValueKind.True or JsonValueKind.False ? look[2].GetBoolean() : await VisibleAsync(_options.Button, cancel);
        if (!Ready && _options.Wait is { } wait)
        {
            Ready = await CountAsync(wait, cancel) > 0;
        }
        _samples.Add(new Sample(Now, visible));
        return look[0].GetInt32();
    }
}
