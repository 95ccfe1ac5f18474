using System.Text;
using System.Text.Json;
using Ece.Conformance.Http;

namespace Ece.Conformance.Har;

/// <summary>Writes exchanges as a HAR 1.2 file (what every browser and proxy reads): each request and answer with its
/// headers (credentials already redacted by the client), the body as recorded (base64 when it is not text in the
/// charset it declares), and its timings. Streamed: an entry at a time.</summary>
internal sealed class HarWriter : IAsyncDisposable
{
    private readonly Utf8JsonWriter _json;
    private readonly Stream _stream;
    public int Count { get; private set; }

    private HarWriter(Stream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
    }

    public static HarWriter Create(string path)
    {
        var writer = new HarWriter(File.Create(path));
        var json = writer._json;
        json.WriteStartObject();
        json.WriteStartObject("log");
        json.WriteString("version", "1.2");
        json.WriteStartObject("creator");
        json.WriteString("name", Reports.ToolInfo.Current.Name);
        json.WriteString("version", Reports.ToolInfo.Current.Version);
        json.WriteEndObject();
        json.WriteStartArray("entries");
        return writer;
    }

    /// <summary>One exchange, sent at <paramref name="started"/>.</summary>
    public async Task AddAsync(Exchange x, DateTimeOffset started)
    {
        var json = _json;
        json.WriteStartObject();
        json.WriteString("startedDateTime", started.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("time", x.ElapsedMs);
        Request(json, x);
        Response(json, x);
        json.WriteStartObject("cache");
        json.WriteEndObject();
        json.WriteStartObject("timings");
        json.WriteNumber("send", 0);
        json.WriteNumber("wait", x.ElapsedMs);
        json.WriteNumber("receive", 0);
        json.WriteEndObject();
        json.WriteEndObject();
        Count++;
        await _json.FlushAsync();
    }

    private static void Request(Utf8JsonWriter json, Exchange x)
    {
        json.WriteStartObject("request");
        json.WriteString("method", x.Method);
        json.WriteString("url", x.Url);
        json.WriteString("httpVersion", "HTTP/1.1");
        Headers(json, x.RequestHeaders);
        json.WriteStartArray("queryString");
        json.WriteEndArray();
        json.WriteStartArray("cookies");
        json.WriteEndArray();
        json.WriteNumber("headersSize", -1);
        json.WriteNumber("bodySize", x.RequestBody is null ? 0 : Encoding.UTF8.GetByteCount(x.RequestBody));
        json.WriteEndObject();
    }

    private static void Response(Utf8JsonWriter json, Exchange x)
    {
        json.WriteStartObject("response");
        json.WriteNumber("status", x.Status ?? 0);
        json.WriteString("statusText", x.ReasonPhrase ?? "");
        json.WriteString("httpVersion", "HTTP/1.1");
        Headers(json, x.ResponseHeaders);
        json.WriteStartArray("cookies");
        json.WriteEndArray();
        var bytes = x.Content ?? (x.Body is null ? [] : Encoding.UTF8.GetBytes(x.Body));
        Content(json, x, bytes);
        json.WriteString("redirectURL", "");
        json.WriteNumber("headersSize", -1);
        json.WriteNumber("bodySize", bytes.Length);
        if (x.Error is not null)
        {
            json.WriteString("_error", x.Error);
        }
        json.WriteEndObject();
    }

    private static void Content(Utf8JsonWriter json, Exchange x, byte[] bytes)
    {
        json.WriteStartObject("content");
        // The whole answer's size: a body cut at the cap (only its first bytes kept) says so by a size beyond them.
        json.WriteNumber("size", x.BodyTruncated ? Math.Max(x.BodyBytesRead, bytes.Length + 1) : bytes.Length);
        var type = x.ResponseHeaders.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? x.MediaType ?? "";
        json.WriteString("mimeType", type);
        // Text when the bytes are what the charset says (they come back byte for byte); base64 otherwise.
        if (AsText(bytes, type) is { } text)
        {
            json.WriteString("text", text);
        }
        else
        {
            json.WriteString("text", Convert.ToBase64String(bytes));
            json.WriteString("encoding", "base64");
        }
        json.WriteEndObject();
    }

    private static string? AsText(byte[] bytes, string type)
    {
        var charset = Ece.Spec.MediaTypes.Parameter(type, "charset");
        var encoding = charset is { Length: > 0 } ? Ece.Spec.MediaTypes.Charset(charset, strict: true) : new UTF8Encoding(false, true);
        if (encoding is null)
        {
            return null;
        }
        try
        {
            var text = encoding.GetString(bytes);
            return encoding.GetBytes(text).AsSpan().SequenceEqual(bytes) ? text : null;
        }
        catch (Exception e) when (e is DecoderFallbackException or EncoderFallbackException)
        {
            return null;
        }
    }

    private static void Headers(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        json.WriteStartArray("headers");
        foreach (var (name, value) in headers)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            // A recording is handed on: no cookie a server set, as no credential sent (the client redacts those).
            json.WriteString("value", name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ? "(redacted)" : value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public async ValueTask DisposeAsync()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        await _json.FlushAsync();
        await _json.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
