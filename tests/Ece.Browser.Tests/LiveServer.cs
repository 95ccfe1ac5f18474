using Ece.ReferenceServer;
using Ece.Spec;
using Flurl.Http;

namespace Ece.Browser.Tests;

/// <summary>The reference server on a real loopback port, with the control API, as a browser reaches it.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private LiveServer(LoopbackApp app)
    {
        _app = app;
        Control = new FlurlClient(Url.ToString().TrimEnd('/') + "/control").AllowAnyHttpStatus();
    }

    public Uri Url => _app.Url;

    public IFlurlClient Control { get; }

    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    public static async Task<LiveServer> StartAsync(string scenario = "default", params string[] extra)
    {
        return new LiveServer(await LoopbackApp.ReferenceServerAsync(scenario, TimeProvider.System, ["--control", .. extra]));
    }

    /// <summary>The sample page of this server, polling every 300 ms. It waits 30 s for an answer by default, longer
    /// than any expectation of a test, so a slow machine delays an answer but never turns it into a time-out; a test
    /// of the time-out passes a short one and makes the server slower than it by far.</summary>
    public string Page(string entryPoint = "1000", string? source = null, TimeSpan? timeout = null, string? api = null) =>
        EceSpec.Default.ChatButton.Url(Url, entryPoint, source, TimeSpan.FromMilliseconds(300), timeout ?? TimeSpan.FromSeconds(30), api).ToString();

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _app.DisposeAsync();
    }
}
