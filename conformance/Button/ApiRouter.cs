using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ece.Spec;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Ece.Conformance.Button;

/// <summary>One request the page made to its ECE, and what it was answered.</summary>
/// <param name="Invites">Whether the answer tells a client that a chat can start (null: no readable answer).</param>
/// <param name="At">When the page sent it, on the page's clock (to the checker's tick).</param>
/// <param name="Refusal">Why the reference server refused what the page sent (a survey), from its problem details.</param>
internal sealed record ApiCall(string Operation, string PageId, string Method, string? Accept, string Query, int? Status, string? MediaType, bool? Invites, TimeSpan At, string? Refusal = null)
{
    /// <summary>The URL the page asked, as it asked it (its own host and base path), cut for the report.</summary>
    public string Url { get; init; } = "";
    /// <summary>The answer's body as served to the page, cut for the report; null when none was served.</summary>
    public string? Body { get; init; }
    /// <summary>The fault the checker served instead of an answer (500, never answered, malformed, refused, reset), or null.</summary>
    public string? Fault { get; init; }
}

/// <summary>How the router answers the page at a moment of a step: as the reference server does, or failing.</summary>
internal enum Answering { AsIs, Status500, Never, Malformed, Refused, Reset, OtherForm, FirstFails }

/// <summary>Answers every request the page makes to an ECE chat entry point (any host, scheme and base path) from the
/// embedded reference server, through Playwright's request routing, with the moment's fault applied; records each.
/// The page keeps its own ECE URL; nothing reaches the network. A step changes what it serves (<see cref="Server"/>,
/// <see cref="Answering"/>) while the page stays open.</summary>
internal sealed class ApiRouter(EceSpec spec, Uri server, Answering answering, IReadOnlyList<string> entryPoints, Func<TimeSpan> now) : IDisposable
{
    // HttpClient's own time-out, on wall time: it answers Chromium, which runs on real time (as Playwright's time-outs).
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = ServerWait };
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly ConcurrentDictionary<IRequest, IRoute> _held = new();
    private volatile Uri _server = server;
    private volatile int _answering = (int)answering;
    private int _healthy; // answers given while FirstFails: the first fails, every later one is served as is

    public IReadOnlyList<ApiCall> Calls => [.. _calls];

    /// <summary>The reference server answering now: a change of state is a change of server.</summary>
    public Uri Server { get => _server; set => _server = value; }

    public Answering Answering { get => (Answering)_answering; set => _answering = (int)value; }

    /// <summary>Forward the page's own entry point ids (a recording holds production's), not the scenario's.</summary>
    public bool OwnIds { get; init; }

    /// <summary>Whether the page's ECE fails at this moment (what a dialog or navigation now is blamed on): a fault is
    /// served, or the last answer was not a healthy one (a state whose data cannot be read answers 500).</summary>
    public bool Failing => (Answering is not (Answering.AsIs or Answering.OtherForm) && !(Answering == Answering.FirstFails && Volatile.Read(ref _healthy) > 1))
        || (_calls.LastOrDefault() is { } last && (last.Fault is not null || !Http.StatusClass.Success(last.Status)));

    /// <summary>Whether a request is held on purpose (never answered): the page's own time-out must end it.</summary>
    public bool IsHeld(IRequest request) => _held.ContainsKey(request);

    /// <summary>Whether any request is held now (a synchronous one may be what froze the page).</summary>
    public bool Holding => !_held.IsEmpty;

    /// <summary>Raised when a request is taken and when it is answered: the page's clock waits for the network.</summary>
    public event Action? Activity;

    /// <summary>Whether a request of the page is one to its ECE's chat API.</summary>
    public bool IsApi(string url) => url.Contains(spec.OperationsPath, StringComparison.Ordinal);

    /// <summary>When the page first asked its ECE (on its clock), or null before it did.</summary>
    public TimeSpan? FirstCall => _calls.TryPeek(out var first) ? first.At : null;

    /// <summary>The most requests answered in one step: a page that floods its ECE is judged on these, and the rest
    /// are refused, so neither time nor memory grows with what the page sends.</summary>
    public const int MaxCalls = 1000;

    /// <summary>Whether the page has sent as many requests as a step answers: the step ends, and is judged on these.</summary>
    public bool Full => Volatile.Read(ref _taken) >= MaxCalls;

    private int _taken; // requests given a place among the MaxCalls (concurrent handlers must not overshoot it)
    private readonly TaskCompletionSource _flooded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the page asks beyond the cap: whatever the step waits for (the page's load) ends then.</summary>
    public Task Flooded => _flooded.Task;

    private const int MaxQuery = 200;
    private const int MaxShown = 2000; // characters of a body kept for the report

    public async Task HandleAsync(IRoute route)
    {
        if (Interlocked.Increment(ref _taken) > MaxCalls)
        {
            Interlocked.Exchange(ref _taken, MaxCalls); // stays at the cap however long the page floods
            _flooded.TrySetResult();
            await route.AbortAsync("blockedbyclient");
            return;
        }
        try
        {
            await AnswerAsync(route);
        }
        finally
        {
            Activity?.Invoke();
        }
    }

    private async Task AnswerAsync(IRoute route)
    {
        var request = route.Request;
        var url = new Uri(request.Url);
        var at = url.AbsolutePath.IndexOf(spec.OperationsPath, StringComparison.Ordinal);
        if (at < 0)
        {
            await route.ContinueAsync();
            return;
        }
        var rest = url.AbsolutePath[(at + spec.OperationsPath.Length)..].Split('/');
        var operation = spec.OperationAt(rest[0]);
        var pageId = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : "";
        request.Headers.TryGetValue("accept", out var accept);
        var call = new ApiCall(operation?.Id ?? rest[0], pageId, request.Method, accept, SafeXml.Cut(url.Query, MaxQuery), null, null, null, now()) { Url = SafeXml.Cut(request.Url, MaxQuery) };
        var mode = Answering;
        if (operation is null || mode is Answering.Never or Answering.Refused or Answering.Reset && operation.Request is null)
        {
            var fault = operation is null ? Answering.Status500 : mode;
            _calls.Enqueue(call with { Status = fault == Answering.Status500 ? StatusCodes.Status500InternalServerError : null, Fault = Describe(fault) });
            await Fail(route, fault);
            return;
        }
        var (status, mediaType, body) = await ForwardAsync(request, operation, pageId, accept);
        (status, mediaType, body, var spoiled) = Spoil(operation, mode, status, mediaType, body);
        call = spoiled is null ? call : call with { Fault = Describe(spoiled.Value) };
        _calls.Enqueue(call with
        {
            Status = status, MediaType = mediaType, Body = SafeXml.Cut(Encoding.UTF8.GetString(body), MaxShown),
            Invites = call.Fault is null ? AnswerForms.Invites(operation, mediaType, body) : null,
            Refusal = operation.Request is null ? null : AnswerForms.Refusal(status, body),
        });
        var headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" };
        if (mediaType is not null)
        {
            headers["Content-Type"] = mediaType;
        }
        await route.FulfillAsync(new RouteFulfillOptions { Status = status, Headers = headers, BodyBytes = body });
    }

    /// <summary>The answer as the step's mode makes it: failed (a 500, the recovery's first), cut in half, or in the
    /// other form the spec allows; the fault to describe the call by, if any.</summary>
    private (int Status, string? MediaType, byte[] Body, Answering? Fault) Spoil(Operation operation, Answering mode, int status, string? mediaType, byte[] body)
    {
        // FirstFails (recovery): the page's first request fails, every later one is answered as usual.
        if (operation.Request is null && (mode == Answering.Status500 || (mode == Answering.FirstFails && Interlocked.Increment(ref _healthy) == 1)))
        {
            return (StatusCodes.Status500InternalServerError, MediaTypes.PlainText, "Internal Server Error"u8.ToArray(), Answering.Status500);
        }
        if (operation.Request is null && mode == Answering.Malformed)
        {
            return (status, mediaType, body[..Math.Min(body.Length, Math.Max(1, body.Length / 2))], mode);
        }
        if (mode == Answering.OtherForm && MediaTypes.IsXml(mediaType))
        {
            return (status, $"{MediaTypes.PlainXml[1]};charset=UTF-8", AnswerForms.OtherForm(spec.ChatPrefix, body), null);
        }
        return mode == Answering.OtherForm && MediaTypes.IsJson(mediaType)
            ? (status, $"{MediaTypes.Json}; charset=utf-8", AnswerForms.OtherJson(body), null)
            : (status, mediaType, body, null);
    }

    /// <summary>What the reference server answers now, for the page's request with its id counted as known or not.</summary>
    private async Task<(int Status, string? MediaType, byte[] Body)> ForwardAsync(IRequest request, Operation operation, string pageId, string? accept)
    {
        // The page's ids are its own: the ones named count as the scenario's entry point, any other is unknown.
        var known = entryPoints.Count == 0 || entryPoints.Contains(pageId);
        var id = OwnIds ? pageId : (known ? spec.ExampleEntryPoint : EceSpec.UnknownEntryPoint).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Server, operation.Path(spec.DefaultBasePath, operation.Request is null ? id : null)));
        if (accept is not null)
        {
            forward.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (request.PostDataBuffer is { } posted)
        {
            forward.Content = new ByteArrayContent(posted);
            if (request.Headers.TryGetValue("content-type", out var type))
            {
                forward.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }
        using var response = await _http.SendAsync(forward);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The fault served, in the words of the report.</summary>
    internal static string Describe(Answering fault) => fault switch
    {
        Answering.Status500 or Answering.FirstFails => "500 Internal Server Error",
        Answering.Never => "never answered",
        Answering.Malformed => "the body cut in half (malformed)",
        Answering.Refused => "connection refused",
        Answering.Reset => "connection reset",
        _ => "none",
    };

    private async Task Fail(IRoute route, Answering fault)
    {
        switch (fault)
        {
            case Answering.Never:
                _held[route.Request] = route; // answered never: the page's own time-out must end it
                break;
            case Answering.Refused:
                await route.AbortAsync("connectionrefused");
                break;
            case Answering.Reset:
                await route.AbortAsync("connectionreset");
                break;
            default:
                await route.FulfillAsync(new RouteFulfillOptions { Status = StatusCodes.Status500InternalServerError, Body = "Internal Server Error" });
                break;
        }
    }

    /// <summary>Ends what is still held (the slow step's requests), as a connection the server never answered.</summary>
    public async Task ReleaseAsync()
    {
        foreach (var (request, _) in _held)
        {
            if (!_held.TryRemove(request, out var route))
            {
                continue;
            }
            try
            {
                await route.AbortAsync("timedout");
            }
            catch (Exception e) when (e is PlaywrightException or InvalidOperationException)
            {
                // the page is gone, or ended the request itself
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
