namespace Ece.Conformance.Button;

/// <summary>Scripts the checker runs in the page: a probe installed before the page's own scripts that counts what it
/// sends with fetch and XMLHttpRequest (so the clock waits for those requests to reach the network) and logs when,
/// on the page's clock, and with how many requests for the same URL still awaited; and a finder of elements that look
/// like a chat button, for a --button that matches nothing.</summary>
internal static class PageProbe
{
    /// <summary>The most sends the probe logs between two reads (each read empties the log).</summary>
    public const int MaxLog = 2000;

    /// <summary>The most requests a document sends with fetch and XMLHttpRequest: past twice the router's cap, the page's
    /// own requests fail in the page, as they would offline, without a round trip through the driver each (a page that
    /// sends 10,000 as it loads costs the driver 2,000, not 10,000). Counted per document.</summary>
    public const int MaxSends = 2 * ApiRouter.MaxCalls;

    public static readonly string Install = """
        (() => {
          if (window.__eceProbe) { return; }
          const probe = { sent: 0, log: [], xhrTimeout: 0 };
          Object.defineProperty(window, '__eceProbe', { value: probe });
          const awaited = new Map();
          const note = (url) => {
            let key = '';
            try { key = new URL(String(url), location.href).href; } catch (e) { key = String(url); }
            probe.sent++;
            const open = awaited.get(key) || 0;
            awaited.set(key, open + 1);
            if (probe.log.length < MAX_LOG) { probe.log.push([key.slice(0, 300), Date.now(), open]); }
            let done = false;
            return () => { if (!done) { done = true; awaited.set(key, (awaited.get(key) || 1) - 1); } };
          };
          const fetch = window.fetch;
          if (typeof fetch === 'function') {
            window.fetch = function (input, init) {
              if (probe.sent >= MAX_SENDS) { return Promise.reject(new TypeError('Failed to fetch')); }
              const done = note(input && typeof input === 'object' && 'url' in input ? input.url : input);
              const answer = fetch.apply(this, arguments);
              answer.then(done, done);
              return answer;
            };
          }
          // AbortSignal.timeout runs on wall time, not on the page's clock: the same time-out, on the page's clock.
          if (window.AbortSignal && typeof AbortSignal.timeout === 'function' && typeof AbortController === 'function') {
            AbortSignal.timeout = function (ms) {
              const c = new AbortController();
              setTimeout(() => c.abort(new DOMException('signal timed out', 'TimeoutError')), Number(ms) || 0);
              return c.signal;
            };
          }
          const xhr = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
          if (xhr) {
            const open = xhr.open, send = xhr.send;
            xhr.open = function (method, url, async) { this.__eceUrl = url; this.__eceSync = arguments.length > 2 && !async; return open.apply(this, arguments); };
            xhr.send = function () {
              if (probe.sent >= MAX_SENDS) { open.call(this, 'GET', 'about:blank', !this.__eceSync); return send.call(this); }
              probe.xhrTimeout = Math.max(probe.xhrTimeout, Number(this.timeout) || 0);
              const done = note(this.__eceUrl);
              this.addEventListener('loadend', done);
              return send.apply(this, arguments);
            };
          }
        })();
        """.Replace("MAX_LOG", MaxLog.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("MAX_SENDS", MaxSends.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>What a frame says after a tick, in one round trip: [requests it has sent so far, its log since the last
    /// read as [url, Date.now(), awaited] (emptied), milliseconds to its next timer (see <see cref="NextTimer"/>), the
    /// longest XMLHttpRequest time-out it set (ms; those run on wall time)].</summary>
    public static readonly string Read = """
        () => {
          const p = window.__eceProbe;
          return [p ? p.sent : 0, p ? p.log.splice(0) : [], (NEXT)(), p ? p.xhrTimeout : 0];
        }
        """.Replace("(NEXT)", "(" + NextTimer.Trim() + ")", StringComparison.Ordinal);

    /// <summary>Whether the button is visible as Playwright judges it (checkVisibility, visibility: visible, a box of
    /// some size), once the page's animations and transitions are finished (they run on wall time, not the page's
    /// clock); null when the selector is not CSS, finds nothing outside a shadow root, or is display: contents, so
    /// that Playwright's own engine judges.</summary>
    public const string Look = """
        (selector) => {
          for (const a of (document.getAnimations ? document.getAnimations() : [])) { try { a.finish(); } catch (x) { /* endless */ } }
          try {
            const e = document.querySelector(selector);
            if (!e) { return null; }
            const style = getComputedStyle(e);
            if (style.display === 'contents') { return null; }
            if (e.checkVisibility && !e.checkVisibility()) { return false; }
            if (style.visibility !== 'visible') { return false; }
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.height > 0;
          } catch (x) { return null; }
        }
        """;

    /// <summary>Milliseconds until the page's next timer on Playwright's clock (-1: none; -2: not known). It reads the
    /// clock's controller, which Playwright installs in each frame; its shape is Playwright's own (1.64), so a
    /// version without it falls back to ticks of <see cref="PageVisit.Tick"/>.</summary>
    private const string NextTimer = """
        () => {
          try {
            const c = window.__pwClock && window.__pwClock.controller;
            const t = c && typeof c._firstTimer === 'function' ? c._firstTimer() : undefined;
            return t === undefined ? -2 : t === null ? -1 : Math.max(0, t.callAt - c._now.ticks);
          } catch (e) { return -2; }
        }
        """;

    /// <summary>Up to 20 elements whose id, class or text mentions a chat: [selector, text, visible].</summary>
    public const string Candidates = """
        () => {
          const out = [];
          for (const e of document.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit], [id*=chat i], [class*=chat i]')) {
            const text = String(e.innerText || e.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            const id = e.id || '';
            const cls = typeof e.className === 'string' ? e.className.trim() : '';
            if (!/chat|webchat|live ?help|talk to/i.test(id + ' ' + cls + ' ' + text)) { continue; }
            const selector = id ? '#' + CSS.escape(id) : e.tagName.toLowerCase() + (cls ? '.' + cls.split(/\s+/).map(c => CSS.escape(c)).join('.') : '');
            out.push([selector, text, !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)]);
            if (out.length >= 20) { break; }
          }
          return out;
        }
        """;
}
