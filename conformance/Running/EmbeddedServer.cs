using Ece.ReferenceServer;
using Microsoft.AspNetCore.Builder;

namespace Ece.Conformance.Running;

/// <summary>The reference server started in this process on a free loopback port: the target when none is given.</summary>
public sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<EmbeddedServer> StartAsync(string scenario, CancellationToken cancel)
    {
        var (app, url) = await Loopback.StartAsync(scenario, cancel: cancel);
        return new EmbeddedServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
