using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ece.ReferenceServer;

/// <summary>The reference server on a free loopback port: what the runner embeds and the browser tests browse.</summary>
public static class Loopback
{
    public static async Task<(WebApplication App, Uri Url)> StartAsync(string scenario, IEnumerable<string>? options = null, CancellationToken cancel = default)
    {
        var app = ReferenceServerApp.Build(["--urls", "http://127.0.0.1:0", "--scenario", scenario, "--Logging:LogLevel:Default=Warning", .. options ?? []]);
        await app.StartAsync(cancel);
        return (app, app.BoundAddress());
    }

    /// <summary>The address a started app is bound to, port included (it was asked for port 0, any free one).</summary>
    public static Uri BoundAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
