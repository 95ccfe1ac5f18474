using Ece.ReferenceServer;
using Flurl.Http;
using Microsoft.AspNetCore.Builder;

namespace Ece.Browser.Tests;

/// <summary>The reference server on a real loopback port, with the control API, as a browser reaches it.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Control = new FlurlClient(url.ToString().TrimEnd('/') + "/control").AllowAnyHttpStatus();
    }

    public Uri Url { get; }

    public IFlurlClient Control { get; }

    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    public static async Task<LiveServer> StartAsync(string scenario = "default", params string[] extra)
    {
        var (app, url) = await Loopback.StartAsync(scenario, ["--control", .. extra]);
        return new LiveServer(app, url);
    }

    /// <summary>The sample page of this server, polling every 300 ms, waiting at most 1 s for an answer.</summary>
    public string Page(string query = "") => $"{Origin}/chat-button/?entryPoint=1000&pollMs=300&timeoutMs=1000{query}";

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
