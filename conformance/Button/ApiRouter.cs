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
/// <param name="Refusal">Why the reference server refused what the page sent (a survey), from its problem details.</param>
internal sealed record ApiCall(string Operation, string PageId, string Method, string? Accept, string Query, int? Status, string? MediaType, bool? Invites, TimeSpan At, string? Refusal = null);

/// <summary>Answers every request the page makes to an ECE chat entry point (any host, scheme and base path) from the
/// embedded reference server, through Playwright's request routing, with the step's fault applied; records each.
/// The page keeps its own ECE URL; nothing reaches the network.</summary>
internal sealed class ApiRouter(EceSpec spec, Uri server, ButtonStep step, IReadOnlyList<string> entryPoints, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly ConcurrentBag<IRoute> _held = [];
    private int _answered;

    public IReadOnlyList<ApiCall> Calls => [.. _calls];

    /// <summary>Whether a request of the page is one to its ECE's chat API.</summary>
    public bool IsApi(string url) => url.Contains(spec.OperationsPath, StringComparison.Ordinal);

    /// <summary>When the page first asked its ECE (from the router's start), or null before it did.</summary>
    public TimeSpan? FirstCall => _calls.TryPeek(out var first) ? first.At : null;

    /// <summary>The most requests answered in one step: a page that floods its ECE is judged on these, and the rest
    /// are refused, so neither time nor memory grows with what the page sends.</summary>
    public const int MaxCalls = 1000;

    /// <summary>Whether the page has sent as many requests as a step answers: the step ends, and is judged on these.</summary>
    public bool Full => Volatile.Read(ref _taken) >= MaxCalls;

    private int _taken; // requests given a place among the MaxCalls (concurrent handlers must not overshoot it)

    private const int MaxQuery = 200;

    public async Task HandleAsync(IRoute route)
    {
        if (Interlocked.Increment(ref _taken) > MaxCalls)
        {
            Interlocked.Exchange(ref _taken, MaxCalls); // stays at the cap however long the page floods
            await route.AbortAsync("blockedbyclient");
            return;
        }
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
        var elapsed = time.GetElapsedTime(_started);
        if (operation is null || step.Kind is StepKind.Slow or StepKind.Refused or StepKind.Reset && operation.Request is null)
        {
            _calls.Enqueue(new ApiCall(operation?.Id ?? rest[0], pageId, request.Method, accept, SafeXml.Cut(url.Query, MaxQuery), null, null, null, elapsed));
            await Fail(route, operation is null ? StepKind.Status500 : step.Kind);
            return;
        }
        // The page's ids are its own: the ones named count as the scenario's entry point, any other is unknown.
        var known = entryPoints.Count == 0 || entryPoints.Contains(pageId);
        var id = known ? spec.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), operation.Path(spec.DefaultBasePath, operation.Request is null ? id : null));
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
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.ToString();
        var body = await response.Content.ReadAsByteArrayAsync();
        // Recovery: the page's first request fails, every later one is answered as usual.
        if (operation.Request is null && (step.Kind == StepKind.Status500 || (step.Kind == StepKind.Recovery && Interlocked.Increment(ref _answered) == 1)))
        {
            (status, mediaType, body) = (StatusCodes.Status500InternalServerError, "text/plain", "Internal Server Error"u8.ToArray());
        }
        else if (operation.Request is null && step.Kind == StepKind.Malformed)
        {
            body = body[..Math.Min(body.Length, Math.Max(1, body.Length / 2))];
        }
        else if (step.Kind == StepKind.OtherForm && MediaTypes.IsXml(mediaType))
        {
            (mediaType, body) = ("text/xml;charset=UTF-8", OtherForm(spec.ChatPrefix, body));
        }
        else if (step.Kind == StepKind.OtherForm && MediaTypes.IsJson(mediaType))
        {
            (mediaType, body) = ("application/json; charset=utf-8", OtherJson(body));
        }
        var failed = status == StatusCodes.Status500InternalServerError && step.Kind is StepKind.Status500 or StepKind.Recovery;
        _calls.Enqueue(new ApiCall(operation.Id, pageId, request.Method, accept, SafeXml.Cut(url.Query, MaxQuery), status, mediaType,
            step.IsFault || failed ? null : Invites(operation, mediaType, body), elapsed, operation.Request is null ? null : Refusal(status, body)));
        var headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" };
        if (mediaType is not null)
        {
            headers["Content-Type"] = mediaType;
        }
        await route.FulfillAsync(new RouteFulfillOptions { Status = status, Headers = headers, BodyBytes = body });
    }

    private async Task Fail(IRoute route, StepKind kind)
    {
        switch (kind)
        {
            case StepKind.Slow:
                _held.Add(route); // answered never: the page's own time-out must end it
                break;
            case StepKind.Refused:
                await route.AbortAsync("connectionrefused");
                break;
            case StepKind.Reset:
                await route.AbortAsync("connectionreset");
                break;
            default:
                await route.FulfillAsync(new RouteFulfillOptions { Status = StatusCodes.Status500InternalServerError, Body = "Internal Server Error" });
                break;
        }
    }

    /// <summary>The same answer in another legal form: the chat namespace bound to the prefix chat instead of the
    /// source's (ns2), no XML declaration.</summary>
    internal static byte[] OtherForm(string sourcePrefix, byte[] xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            text = text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        }
        text = text.Replace($"xmlns:{sourcePrefix}=", "xmlns:chat=", StringComparison.Ordinal)
            .Replace($"<{sourcePrefix}:", "<chat:", StringComparison.Ordinal).Replace($"</{sourcePrefix}:", "</chat:", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>What the reference server said when it refused a request body (its problem details' detail, or the
    /// status), or null when it accepted it.</summary>
    internal static string? Refusal(int status, byte[] body)
    {
        if (Http.StatusClass.Success(status))
        {
            return null;
        }
        try
        {
            return SafeXml.Cut(JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? $"status {status}", 300);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return $"status {status}";
        }
    }

    /// <summary>The same JSON in another legal form: members in the reverse order, indented. A page that reads its
    /// answer with a JSON parser cannot tell; one that searches the text for "allowed":true can.</summary>
    internal static byte[] OtherJson(byte[] json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject obj)
            {
                return json;
            }
            var reversed = new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            return Encoding.UTF8.GetBytes(reversed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    /// <summary>Whether a readable answer says a chat can start, by the spec's fields (XML or JSON form).</summary>
    internal static bool? Invites(Operation operation, string? mediaType, byte[] body)
    {
        var fields = operation.Response?.Fields.Where(f => f.Quantity is Quantity.ChatAllowed or Quantity.AgentsAvailable or Quantity.Capacity || f.IsEligibility).ToList();
        if (fields is not { Count: > 0 })
        {
            return null;
        }
        try
        {
            Func<Field, string?> read;
            if (MediaTypes.IsJson(mediaType))
            {
                var json = JsonNode.Parse(body);
                read = f => json?[f.Name]?.ToJsonString().Trim('"');
            }
            else
            {
                var root = SafeXml.Read(body, null).Document?.Root;
                read = f => f.Node == FieldNode.Attribute ? root?.Attribute(f.Name)?.Value : root?.Elements().FirstOrDefault(e => e.Name.LocalName == f.Name)?.Value;
            }
            var values = fields.Select(f => (f, v: read(f))).Where(p => p.v is not null).ToList();
            return values.Count == 0 ? null : values.All(p => p.f.InvitesChat(p.v!));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>Ends what is still held (the slow step's requests), as a connection the server never answered.</summary>
    public async Task ReleaseAsync()
    {
        while (_held.TryTake(out var route))
        {
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
