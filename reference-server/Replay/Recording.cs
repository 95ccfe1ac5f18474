using System.Collections.Concurrent;
using Ece.Spec;
using Ece.ReferenceServer.Http;

namespace Ece.ReferenceServer.Replay;

/// <summary>One recorded answer, as it is served again: status, media type, body, the headers that matter, and how
/// long it took.</summary>
public sealed record RecordedAnswer(int Status, string? ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, double TimeMs, DateTimeOffset At);

/// <summary>The answers of HAR files, by operation, entry point and form (the media type the request's Accept
/// preferred, as the reference server chooses it), each list in recorded order and served in turn, cycling; with
/// the base paths the recordings used.</summary>
public sealed class Recording
{
    /// <summary>Headers served again as recorded: what a client reads besides the body. Never cookies, credentials or
    /// hop-by-hop headers (Content-Length and Content-Type are the server's own).</summary>
    private static readonly string[] s_kept = ["Cache-Control", "Expires", "Pragma", "Vary", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Content-Language", "ETag", "Last-Modified"];

    private readonly Dictionary<(string Operation, string Method, string Id, string Form), RecordedAnswer[]> _answers;
    private readonly ConcurrentDictionary<(string, string, string, string), int> _next = new();
    private readonly ConcurrentDictionary<((string, string, string, string), int), byte> _served = new();

    /// <summary>How many of the recorded answers have been served at least once (what a run against the replay judged).</summary>
    public int Served => _served.Count;

    /// <summary>How many answers the recording can serve.</summary>
    public int Count => _answers.Values.Sum(a => a.Length);

    private Recording(Dictionary<(string, string, string, string), RecordedAnswer[]> answers, IReadOnlyList<string> basePaths, IReadOnlyList<HarEntry> entries)
    {
        _answers = answers;
        BasePaths = basePaths;
        Entries = entries;
    }

    /// <summary>The base paths the recorded URLs used (those before the operations' path).</summary>
    public IReadOnlyList<string> BasePaths { get; }

    /// <summary>The recorded exchanges with the API that could be served again.</summary>
    public IReadOnlyList<HarEntry> Entries { get; }

    public bool IsEmpty => _answers.Count == 0;

    /// <summary>The entry point ids the recording holds answers for, in the order first recorded: those the chat
    /// button's answer does not call invalid (<see cref="Invalid"/> holds the others).</summary>
    public IReadOnlyList<string> EntryPoints => [.. Ids().Except(Invalid)];

    /// <summary>The ids whose recorded chat button answer says the entry point does not exist.</summary>
    public IReadOnlyList<string> Invalid
    {
        get
        {
            var spec = EceSpec.Default;
            var (operation, _) = spec.Reporting(Quantity.ChatAllowed);
            var invalid = operation.Response?.ByQuantity(Quantity.Conditions)?.MemberWhen(Condition.UnknownEntryPoint)?.Value;
            return invalid is null ? [] : [.. _answers.Where(a => a.Key.Operation == operation.Id && a.Value.Any(r => System.Text.Encoding.UTF8.GetString(r.Body).Contains($"\"{invalid}\"", StringComparison.Ordinal)))
                .Select(a => a.Key.Id).Distinct()];
        }
    }

    private IEnumerable<string> Ids() => Entries.Select(e => Locate(EceSpec.Default, e.Url)?.Id ?? "").Where(i => i.Length > 0).Distinct();

    /// <summary>The recorded answers of <paramref name="files"/>'s API entries (GET and HEAD of a read-only operation,
    /// not served from a cache, answered), in time order.</summary>
    public static Recording FromHar(EceSpec spec, IEnumerable<HarFile> files)
    {
        var entries = files.SelectMany(f => f.Entries).Where(e => e.Skipped is null && e.Body is not null).OrderBy(e => e.Started).ToList();
        var answers = new Dictionary<(string, string, string, string), List<RecordedAnswer>>();
        var basePaths = new List<string>();
        var served = new List<HarEntry>();
        foreach (var e in entries)
        {
            if (Locate(spec, e.Url) is not { } where || where.Operation.Request is not null || e.Method is not ("GET" or "HEAD"))
            {
                continue;
            }
            if (!basePaths.Contains(where.BasePath))
            {
                basePaths.Add(where.BasePath);
            }
            var contentType = e.ResponseHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? e.MimeType;
            // Filed by the form the answer has (what a request of that form is served), or, for an answer in neither
            // (a 500's text), by the form its request asked for.
            var form = MediaTypes.IsJson(contentType) ? "json" : MediaTypes.IsXml(contentType) ? "xml" : Form(where.Operation, e.RequestHeader("Accept"));
            var kept = e.ResponseHeaders.Where(h => s_kept.Contains(h.Key, StringComparer.OrdinalIgnoreCase)).ToList();
            var key = (where.Operation.Id, e.Method, where.Id, form);
            if (!answers.TryGetValue(key, out var list))
            {
                answers[key] = list = [];
            }
            // A body recorded cut (its first bytes kept) is served one byte longer than the cap, so a reader with the cap
            // finds it too large, as it was; what was not kept is padding.
            var body = e.BodyTruncated ? [.. e.Body!, .. Enumerable.Repeat((byte)' ', Math.Max(1, HarReader.MaxBody + 1 - e.Body!.Length))] : e.Body!;
            list.Add(new RecordedAnswer(e.Status, contentType, body, kept, e.WaitMs ?? e.TimeMs, e.Started));
            served.Add(e);
        }
        return new Recording(answers.ToDictionary(a => a.Key, a => a.Value.ToArray()), basePaths, served);
    }

    /// <summary>The next recorded answer to <paramref name="method"/> <paramref name="operation"/> for <paramref name="id"/> asked with
    /// <paramref name="accept"/>, in recorded order, cycling; null when none was recorded for that form.</summary>
    public RecordedAnswer? Next(Operation operation, string method, string id, string? accept)
    {
        var key = (operation.Id, method, id, Form(operation, accept));
        if (!_answers.TryGetValue(key, out var list))
        {
            return null;
        }
        var turn = _next.AddOrUpdate(key, 0, (_, n) => n + 1);
        _served.TryAdd((key, turn % list.Length), 0);
        return list[turn % list.Length];
    }

    /// <summary>The form a request's Accept asks for, as the reference server chooses it ("" when none is acceptable).</summary>
    private static string Form(Operation operation, string? accept) =>
        ContentNegotiation.Choose(operation.ResponseMediaTypes, accept is null ? [] : [accept]) is { } chosen
            ? (MediaTypes.IsJson(chosen) ? "json" : "xml")
            : "";

    /// <summary>The operation, entry point and base path of a URL of the API (any host), or null.</summary>
    public static (Operation Operation, string Id, string BasePath)? Locate(EceSpec spec, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        var path = uri.AbsolutePath;
        var at = path.IndexOf(spec.OperationsPath, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var rest = path[(at + spec.OperationsPath.Length)..].Split('/');
        return spec.OperationAt(rest[0]) is { } operation
            ? (operation, rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : "", path[..at])
            : null;
    }
}
