using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ece.ReferenceServer;

/// <summary>A web app started on a free loopback port, stopped and disposed with this object: the one wrapper behind
/// the embedded reference server, the runner's page host, and every test server.</summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private LoopbackApp(WebApplication app)
    {
        App = app;
        Url = app.BoundAddress();
    }

    public WebApplication App { get; }

    /// <summary>Where the app listens, port included (it asked for port 0: any free one).</summary>
    public Uri Url { get; }

    /// <summary>Starts <paramref name="app"/>, built to listen on loopback (see <see cref="Slim"/>).</summary>
    public static async Task<LoopbackApp> StartAsync(WebApplication app, CancellationToken cancel = default)
    {
        try
        {
            await app.StartAsync(cancel);
            return new LoopbackApp(app);
        }
        catch
        {
            await app.DisposeAsync(); // a start that failed (cancelled, no port) leaves nothing running behind
            throw;
        }
    }

    /// <summary>The reference server in <paramref name="scenario"/>, with more command-line <paramref name="options"/>.</summary>
    /// <param name="time">The server's clock (fault delays, survey times, the request log): the clock of the run that
    /// embeds it, so a run on a fake clock is on one clock throughout.</param>
    public static Task<LoopbackApp> ReferenceServerAsync(string scenario, TimeProvider time, IEnumerable<string>? options = null, CancellationToken cancel = default) =>
        StartAsync(ReferenceServerApp.Build(["--urls", "http://127.0.0.1:0", "--scenario", scenario, "--Logging:LogLevel:Default=Warning", .. options ?? []],
            builder => builder.Services.AddSingleton(time)), cancel);

    /// <summary>An empty app on loopback, without logging, to map before <see cref="StartAsync"/>.</summary>
    public static WebApplication Slim()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public static class WebApplicationAddress
{
    /// <summary>The address a started app is bound to, port included.</summary>
    public static Uri BoundAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
