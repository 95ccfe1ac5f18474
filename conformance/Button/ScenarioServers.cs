using System.Collections.Concurrent;
using System.Globalization;
using Ece.ReferenceServer;
using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>The embedded reference server in each scenario a check needs, started on first use and shared by the
/// steps (they only read it, or post surveys it keeps): a change of state during a visit is a change of server.</summary>
/// <param name="time">The servers' clock: the run's.</param>
internal sealed class ScenarioServers(EceSpec spec, TimeProvider time, IReadOnlyList<string>? replay = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LoopbackApp>>> _servers = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<ChatAllowed?>>> _allowed = new();
    // HttpClient's own time-out, on wall time: the embedded servers answer Chromium, which runs on real time.
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = ServerWait };

    public async Task<Uri> UrlAsync(string scenario, CancellationToken cancel) =>
        (await _servers.GetOrAdd(scenario, s => new Lazy<Task<LoopbackApp>>(() => s == ButtonStep.ReplayStep
            ? LoopbackApp.ReferenceServerAsync(ReferenceServerApp.DefaultScenario, time, ["--replay", string.Join(",", replay ?? [])], cancel)
            : LoopbackApp.ReferenceServerAsync(s, time, cancel: cancel))).Value).Url;

    /// <summary>What chatAllowed answers for the scenario's entry point: the reference for a page that asks another operation.</summary>
    public Task<ChatAllowed?> ChatAllowedAsync(string scenario, CancellationToken cancel) =>
        _allowed.GetOrAdd(scenario, s => new Lazy<Task<ChatAllowed?>>(() => AskAsync(s, cancel))).Value;

    private async Task<ChatAllowed?> AskAsync(string scenario, CancellationToken cancel)
    {
        var operation = spec.Reporting(Quantity.ChatAllowed).Operation;
        var path = operation.Path(spec.DefaultBasePath, spec.ExampleEntryPoint.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(await UrlAsync(scenario, cancel), path));
        request.Headers.Accept.ParseAdd(MediaTypes.PlainXml[0]);
        using var response = await _http.SendAsync(request, cancel);
        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        var root = SafeXml.Read(body, null).Document?.Root;
        var reason = operation.Response!.ByQuantity(Quantity.Conditions)!.Name;
        return AnswerForms.Invites(operation, response.Content.Headers.ContentType?.MediaType, body) is { } allowed
            ? new ChatAllowed(allowed, root?.Attribute(reason)?.Value)
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values.Where(s => s.IsValueCreated))
        {
            try
            {
                await (await server.Value).DisposeAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // one that never started has nothing to stop
            }
        }
        _http.Dispose();
    }
}
