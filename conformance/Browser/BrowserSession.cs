using System.Collections.Concurrent;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Browser;

/// <summary>Chromium and the page host for one run, started when the first browser check needs them.
/// Screenshots taken on the way end up in the HTML report.</summary>
internal sealed class BrowserSession(Chromium chromium, EceSpec spec, Uri baseUri, TargetOptions target, string basePath) : IAsyncDisposable
{
    // Lock order (README, One lock order): taken with nothing held (a browser check); nothing is taken while it is held.
    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly HttpClient _proxy = new(TargetClient.Handler(target)) { BaseAddress = baseUri, Timeout = target.Timeout };
    private PageHost? _host;

    public Chromium Chromium => chromium;

    /// <summary>Caption → PNG (base64), in the order taken.</summary>
    public ConcurrentDictionary<string, string> Screenshots { get; } = new();

    public async Task<PageHost> HostAsync()
    {
        await _start.WaitAsync();
        try
        {
            return _host ??= await PageHost.StartAsync(spec, basePath, _proxy, target.Headers);
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await chromium.DisposeAsync();
        _proxy.Dispose();
        _start.Dispose();
    }
}
