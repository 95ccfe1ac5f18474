using System.Text.Json;
using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>Reading the page between two runs of its clock: every frame's probe (requests sent, when, the next
/// timer) and the button's visibility.</summary>
internal sealed partial class PageVisit
{
    /// <summary>To the page's next timer in any frame (as last read, just after the page settled), at least
    /// <see cref="Tick"/>, at most <see cref="MaxTick"/>.</summary>
    private TimeSpan NextTick() => (
        _next == -2 ? Tick : _next < 0 ? MaxTick : TimeSpan.FromMilliseconds(Math.Clamp(Math.Ceiling(_next), Tick.TotalMilliseconds, MaxTick.TotalMilliseconds)));

    /// <summary>Reads the probe of every frame (the frames beside the main one at once; one that did not answer in
    /// time is not asked again): the requests sent in all, the log, the next timer; null when the main frame did not
    /// answer (the page is frozen).</summary>
    private async Task<int?> ReadAsync(CancellationToken cancel)
    {
        var others = _page.Frames.Where(f => f != _page.MainFrame && !_mute.ContainsKey(f)).Take(MaxFrames);
        var reads = await Task.WhenAll(others.Select(f => ReadAsync(f, cancel)).Prepend(ReadAsync(_page.MainFrame, cancel)));
        if (reads[0] is null)
        {
            Frozen = true;
            return null;
        }
        var origin = new DateTimeOffset(Epoch).ToUnixTimeMilliseconds();
        var sent = 0;
        _next = -1;
        foreach (var read in reads.OfType<JsonElement>())
        {
            sent += read[0].GetInt32();
            foreach (var entry in read[1].EnumerateArray().Take(PageProbe.MaxLog - _sends.Count))
            {
                _sends.Add(new Send(TimeSpan.FromMilliseconds(entry[1].GetDouble() - origin), entry[0].GetString() ?? "", entry[2].GetInt32()));
            }
            XhrTimeout = Math.Max(XhrTimeout, read.GetArrayLength() > 3 ? read[3].GetDouble() : 0);
            var due = read[2].GetDouble();
            _next = _next == -2 || due == -2 ? -2 : due >= 0 && (_next < 0 || due < _next) ? due : _next;
        }
        return sent;
    }

    /// <summary>What a document on its way says: nothing sent, no timer.</summary>
    private static readonly JsonElement Nothing = JsonDocument.Parse("[0, [], -1, 0]").RootElement;

    private async Task<JsonElement?> ReadAsync(IFrame frame, CancellationToken cancel)
    {
        try
        {
            return await frame.EvaluateAsync<JsonElement>(PageProbe.Read).WaitAsync(frame == _page.MainFrame ? Look : FrameLook, _options.Time, cancel);
        }
        catch (TimeoutException)
        {
            if (frame != _page.MainFrame)
            {
                _mute[frame] = 0;
            }
            return null;
        }
        catch (PlaywrightException)
        {
            return frame == _page.MainFrame ? Nothing : null; // a document on its way: nothing sent in it yet
        }
    }

    /// <summary>The longest time-out the page set on an XMLHttpRequest (ms), 0 for none. Chromium runs those on wall
    /// time, not on the page's clock.</summary>
    public double XhrTimeout { get; private set; }

    /// <summary>Waits, in wall time, for a held request of the page to end by its own XMLHttpRequest time-out, which
    /// runs on wall time: at most that time-out and a second, only when the page set one no longer than
    /// <paramref name="most"/>. Whether one ended.</summary>
    public async Task<bool> AwaitTimeoutAsync(TimeSpan most, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromMilliseconds(XhrTimeout);
        if (XhrTimeout <= 0 || timeout > most)
        {
            return false;
        }
        var ended = Ended;
        var started = _options.Time.GetTimestamp();
        while (Ended == ended)
        {
            var next = _pulse.Next;
            var left = timeout + TimeSpan.FromSeconds(1) - _options.Time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            try
            {
                await next.WaitAsync(left, _options.Time, cancel);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the button is visible now, by the probe's look or, where it cannot say, Playwright's.</summary>
    private async Task<bool?> VisibleNowAsync(CancellationToken cancel)
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
            return null; // a document on its way: nothing to see
        }
        var visible = look.ValueKind is JsonValueKind.True or JsonValueKind.False ? look.GetBoolean() : await VisibleAsync(_options.Button, cancel);
        if (!Ready && _options.Wait is { } wait)
        {
            Ready = await CountAsync(wait, cancel) > 0;
        }
        return visible;
    }
}
