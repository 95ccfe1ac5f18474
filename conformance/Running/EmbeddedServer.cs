using Ece.ReferenceServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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
        var app = ReferenceServerApp.Build(["--urls", "http://127.0.0.1:0", "--scenario", scenario, "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
