using System.Collections.Concurrent;
using System.Text.Json;
using Ece.Spec;
using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>What a visit records besides the clock (errors, interruptions, other URLs), and the looks at the page
/// that Playwright's own engine makes: visibility, counts, candidates for a mistyped --button, the screenshot.</summary>
internal sealed partial class PageVisit
{
    private const int MaxUrls = 10;

    /// <summary>The frames beside the main one whose probes and timers are read (a chat widget often lives in a frame
    /// of its own), and how long, in wall time, each may take to answer before it is not asked again.</summary>
    private const int MaxFrames = 8;
    private static readonly TimeSpan FrameLook = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<Interruption> _interruptions = new();
    private readonly ConcurrentQueue<string> _otherUrls = new();
    private readonly ConcurrentDictionary<IRequest, byte> _openApi = new(); // the page's ECE requests not finished
    private readonly ConcurrentDictionary<IRequest, byte> _open = new();    // every request of the page not finished
    private readonly ConcurrentDictionary<IRequest, byte> _ignored = new(); // waited for once, not again
    private readonly ConcurrentDictionary<IFrame, byte> _mute = new();      // frames too slow to be read
    private int _cut; // cut off at the cap (once)
    private int _opened; // windows recorded from their first request, whose popup event is yet to come
    private volatile bool _document; // the page has loaded: a navigation of the main frame from now on leaves it

    public IReadOnlyList<string> Errors => [.. _errors];
    public IReadOnlyList<Interruption> Interruptions => [.. _interruptions];
    public IReadOnlyList<string> OtherUrls => [.. _otherUrls.Distinct().Take(MaxUrls)];

    private void Watch()
    {
        _page.PageError += (_, error) => _errors.Enqueue(SafeXml.Cut(error, 300));
        _page.Dialog += (_, dialog) =>
        {
            Interrupted(dialog.Type == DialogType.BeforeUnload ? "beforeunload dialog" : $"{dialog.Type} dialog", dialog.Message);
            _ = dialog.DismissAsync().ContinueWith(_ => { }, TaskScheduler.Default); // never left open: the page would hang
        };
        _context.Request += (_, request) => Opening(request);
        _page.Popup += (_, popup) =>
        {
            // Recorded when its first request was sent (the moment, the address it asked for), or now for a window
            // that sent none (about:blank).
            if (Interlocked.Decrement(ref _opened) < 0)
            {
                Interlocked.Increment(ref _opened);
                Interrupted("window opened", popup.Url);
            }
            _ = popup.CloseAsync().ContinueWith(_ => { }, TaskScheduler.Default);
        };
        _page.Worker += (_, _) => Interlocked.Increment(ref _workers);
        _page.Request += (_, request) => Requested(request);
        _page.RequestFinished += (_, request) => Finished(request, failed: false);
        _page.RequestFailed += (_, request) => Finished(request, failed: true);
        _router.Activity += _pulse.Fire;
    }

    /// <summary>A window the page opened, at the moment its first request was sent, with the address it asked for:
    /// the popup event comes later, once the window has loaded or failed to (then with Chromium's error page). That
    /// request is the one navigation whose frame does not exist yet.</summary>
    private void Opening(IRequest request)
    {
        if (!request.IsNavigationRequest)
        {
            return;
        }
        try
        {
            _ = request.Frame;
        }
        catch (PlaywrightException)
        {
            Interlocked.Increment(ref _opened);
            Interrupted("window opened", request.Url);
        }
    }

    private void Interrupted(string kind, string text) =>
        _interruptions.Enqueue(new Interruption(Now, kind, SafeXml.Printable(SafeXml.Cut(text, 200)), _router.Failing));

    /// <summary>Something the customer's page got wrong that no event reports (a --wait element that never came).</summary>
    public void Note(string error) => _errors.Enqueue(error);

    /// <summary>Looks at the button now (once the step is over) and records what it showed.</summary>
    public async Task SampleAsync(CancellationToken cancel) => _samples.Add(new Sample(Now, await VisibleNowAsync(cancel)));

    /// <summary>Whether an element is visible; null when the page did not answer in time (it is then frozen).</summary>
    public async Task<bool?> VisibleAsync(string selector, CancellationToken cancel)
    {
        try
        {
            return await _page.Locator(selector).First.IsVisibleAsync().WaitAsync(Look, _options.Time, cancel);
        }
        catch (TimeoutException)
        {
            Frozen = true;
            return null;
        }
        catch (PlaywrightException)
        {
            return null; // a selector the page's engine refuses, or a document on its way
        }
    }

    /// <summary>How many elements match; -1 when not known (the page did not answer, or the selector is not one).</summary>
    public async Task<int> CountAsync(string selector, CancellationToken cancel)
    {
        try
        {
            return await _page.Locator(selector).CountAsync().WaitAsync(Look, _options.Time, cancel);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            return -1;
        }
    }

    /// <summary>Elements that look like a chat button, visible ones first, as "selector (text, visible)".</summary>
    public async Task<IReadOnlyList<string>> CandidatesAsync(CancellationToken cancel)
    {
        try
        {
            var found = await _page.EvaluateAsync<JsonElement>(PageProbe.Candidates).WaitAsync(Look, _options.Time, cancel);
            return [.. found.EnumerateArray().OrderByDescending(e => e[2].GetBoolean()).Take(5)
                .Select(e => $"{e[0].GetString()} ({(e[1].GetString() is { Length: > 0 } text ? $"\"{text}\"" : "no text")}, {(e[2].GetBoolean() ? "visible" : "hidden")})")
                .Select(SafeXml.Printable)];
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            return [];
        }
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        try
        {
            return await _page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Timeout = (float)Look.TotalMilliseconds });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            return []; // a page too busy to paint: judged all the same, without its picture
        }
    }

    /// <summary>Cuts a page that floods its ECE off at the browser: offline, its requests fail there and no longer cost
    /// the driver a route event each while it is looked at. Nothing reaches the network: offline first. Once.</summary>
    public async Task CutOffAsync()
    {
        if (Interlocked.Exchange(ref _cut, 1) == 1)
        {
            return;
        }
        try
        {
            await _context.SetOfflineAsync(true).WaitAsync(Look, _options.Time);
            await _page.UnrouteAllAsync(new PageUnrouteAllOptions { Behavior = UnrouteBehavior.IgnoreErrors }).WaitAsync(Look, _options.Time);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // a page too busy to be cut off is left to the router, which refuses what is past the cap
        }
    }

    /// <summary>A page that did not respond: noted, and looked at again from now on.</summary>
    public void Thaw()
    {
        _errors.Enqueue($"The page did not respond for {Look.TotalSeconds:0} s: its script blocks it (a synchronous request its ECE is slow to answer) or keeps it too busy (a flood of requests), and a customer's page freezes with it.");
        Frozen = false;
    }

    public async ValueTask DisposeAsync()
    {
        _router.Activity -= _pulse.Fire;
        try
        {
            await _context.CloseAsync().WaitAsync(Look, _options.Time);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // the browser closes what is left with itself
        }
    }

    /// <summary>A signal that anything happened on the network: each waiter takes the task, an event completes it.</summary>
    private sealed class Pulse
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next => Volatile.Read(ref _next).Task;

        public void Fire() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
