using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ece.ReferenceServer.Replay;

/// <summary>One exchange of a HAR 1.2 file (request and answer), as far as a chat API's rules need it.</summary>
/// <param name="Body">The answer's bytes: the HAR's content.text, base64-decoded when its encoding says so, else encoded
/// in the charset its mimeType names (UTF-8 when none); cut at the body cap, as a live answer is.</param>
/// <param name="Skipped">Why the entry is no answer to judge (served from the browser's cache, blocked, status 0), or null.</param>
public sealed record HarEntry(DateTimeOffset Started, double TimeMs, double? WaitMs, string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders, string? MimeType, byte[]? Body, bool BodyTruncated, string? Skipped)
{
    public string? RequestHeader(string name) => RequestHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>What a HAR file holds for a chat API: its entries whose URL contains <c>filter</c>, the producer
/// (log.creator), and how many other entries were passed over.</summary>
public sealed record HarFile(string Path, string Creator, IReadOnlyList<HarEntry> Entries, int Others, int Dropped);

/// <summary>Not a HAR, or one that cannot be read: the message says which, and where.</summary>
public sealed class HarException(string message) : Exception(message);

/// <summary>Reads a HAR 1.2 file streamed, token by token (System.Text.Json's reader over a buffer refilled from the
/// file), so a HAR of hundreds of MB (a whole browsing session) costs the largest single value it holds, not its size:
/// only the entries whose URL contains the filter are kept, each body cut at the cap. Bounded: at most
/// <see cref="MaxEntries"/> entries kept, no value larger than <see cref="MaxToken"/>.</summary>
public static class HarReader
{
    public const int MaxEntries = 2000;

    /// <summary>The most bytes of a body kept, as a live answer is read (the runner's cap).</summary>
    public const int MaxBody = 65536;
    public const int MaxToken = 64 * 1024 * 1024;
    private const int MaxHeaders = 64;
    private const int MaxText = 200; // characters kept of a short value (a name, a status text, an error)

    public static HarFile Read(string path, string filter, int maxBody)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, filter, maxBody);
    }

    public static HarFile Read(Stream stream, string path, string filter, int maxBody)
    {
        // A byte-order mark (Fiddler, a HAR saved again on Windows) is no JSON: passed over.
        var bom = new byte[3];
        var start = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        var scan = new Scanner(stream, start == 3 && bom is [0xEF, 0xBB, 0xBF] ? [] : bom[..start]);
        var entries = new List<HarEntry>();
        var creator = "";
        int others = 0, dropped = 0;
        var sawLog = false;
        try
        {
            scan.Expect(JsonTokenType.StartObject, "a HAR is a JSON object");
            while (scan.Next() == JsonTokenType.PropertyName)
            {
                if (scan.String() != "log")
                {
                    scan.SkipValue();
                    continue;
                }
                sawLog = true;
                scan.Expect(JsonTokenType.StartObject, "log is an object");
                while (scan.Next() == JsonTokenType.PropertyName)
                {
                    switch (scan.String())
                    {
                        case "creator":
                            creator = Creator(scan);
                            break;
                        case "entries":
                            scan.Expect(JsonTokenType.StartArray, "log.entries is an array");
                            while (scan.Next() == JsonTokenType.StartObject)
                            {
                                var entry = Entry(scan, maxBody);
                                if (entry is null || !entry.Url.Contains(filter, StringComparison.Ordinal))
                                {
                                    others++;
                                }
                                else if (entries.Count < MaxEntries)
                                {
                                    entries.Add(entry);
                                }
                                else
                                {
                                    dropped++;
                                }
                            }
                            break;
                        default:
                            scan.SkipValue();
                            break;
                    }
                }
            }
        }
        catch (InvalidOperationException e)
        {
            // A string the reader cannot decode (invalid UTF-8, a lone surrogate): the file is no HAR to read.
            throw new HarException($"{path} is not a HAR that can be read: {e.Message} (at byte {scan.Position}).");
        }
        catch (JsonException e)
        {
            var why = scan.AtEnd && e.Message.Contains("depth", StringComparison.Ordinal) ? "the file ends inside the JSON (a truncated HAR?)" : e.Message.Split(". Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
            throw new HarException($"{path} is not a HAR that can be read: {why} (at byte {scan.Position}).");
        }
        if (!sawLog)
        {
            throw new HarException($"{path} is JSON but no HAR: it has no \"log\" (HAR 1.2: {{\"log\": {{\"entries\": [...]}}}}).");
        }
        return new HarFile(path, creator, entries, others, dropped);
    }

    private static string Creator(Scanner scan)
    {
        if (scan.Next() != JsonTokenType.StartObject)
        {
            scan.SkipCurrent();
            return "";
        }
        string name = "", version = "";
        while (scan.Next() == JsonTokenType.PropertyName)
        {
            var key = scan.String();
            scan.Next();
            if (key == "name") { name = scan.Text(MaxText); }
            else if (key == "version") { version = scan.Text(50); }
            else { scan.SkipCurrent(); }
        }
        return $"{name} {version}".Trim();
    }

    /// <summary>One entry, the reader on its StartObject; null when it has no request URL.</summary>
    private static HarEntry? Entry(Scanner scan, int maxBody)
    {
        DateTimeOffset started = default;
        double time = 0;
        double? wait = null;
        string method = "GET", url = "", statusText = "", skipped = "";
        string? mime = null, text = null, encoding = null, error = null;
        var status = 0;
        double size = -1;
        var fromCache = false;
        List<KeyValuePair<string, string>> requestHeaders = [], responseHeaders = [];
        while (scan.Next() == JsonTokenType.PropertyName)
        {
            var key = scan.String();
            scan.Next();
            switch (key)
            {
                case "startedDateTime":
                    DateTimeOffset.TryParse(scan.Text(100), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out started);
                    break;
                case "time":
                    time = scan.Number();
                    break;
                case "_fromCache":
                    fromCache = scan.Token is JsonTokenType.String or JsonTokenType.True;
                    scan.SkipCurrent();
                    break;
                case "timings":
                    foreach (var (name, value) in Members(scan))
                    {
                        if (name == "wait" && value >= 0) { wait = value; }
                    }
                    break;
                case "request":
                    ForEach(scan, (k) =>
                    {
                        switch (k)
                        {
                            case "method": method = scan.Text(20); break;
                            case "url": url = scan.Text(8192); break;
                            case "headers": requestHeaders = Headers(scan); break;
                            default: scan.SkipCurrent(); break;
                        }
                    });
                    break;
                case "response":
                    ForEach(scan, (k) =>
                    {
                        switch (k)
                        {
                            case "status": status = (int)scan.Number(); break;
                            case "statusText": statusText = scan.Text(MaxText); break;
                            case "headers": responseHeaders = Headers(scan); break;
                            case "_error": error = scan.Text(MaxText); break;
                            case "content":
                                ForEach(scan, (c) =>
                                {
                                    switch (c)
                                    {
                                        case "mimeType": mime = scan.Text(MaxText); break;
                                        case "text": text = scan.Text(maxBody * 2); break;
                                        case "encoding": encoding = scan.Text(20); break;
                                        case "size": size = scan.Number(); break;
                                        default: scan.SkipCurrent(); break;
                                    }
                                });
                                break;
                            default: scan.SkipCurrent(); break;
                        }
                    });
                    break;
                default:
                    scan.SkipCurrent();
                    break;
            }
        }
        if (url.Length == 0)
        {
            return null;
        }
        skipped = fromCache ? "served from the browser's cache" : error is { Length: > 0 } ? $"not answered: {error}" : status == 0 ? "status 0 (blocked, cancelled or never answered)"
            : status == 304 ? "304 Not Modified (a revalidation: the answer was the browser's cached one)" : "";
        var (body, truncated) = Bytes(text, encoding, mime, maxBody);
        truncated |= body is not null && size > maxBody; // a producer (record) that kept only the first bytes says how many there were
        return new HarEntry(started, time, wait, method, url, requestHeaders, status, statusText, responseHeaders, mime, body, truncated, skipped.Length == 0 ? null : skipped);
    }

    private static (byte[]? Body, bool Truncated) Bytes(string? text, string? encoding, string? mime, int maxBody)
    {
        if (text is null)
        {
            return (null, false);
        }
        byte[] bytes;
        if (encoding == "base64")
        {
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                return (null, false);
            }
        }
        else
        {
            bytes = Charset(mime).GetBytes(text);
        }
        return bytes.Length > maxBody ? (bytes[..maxBody], true) : (bytes, false);
    }

    /// <summary>The charset a mimeType names, or UTF-8 (what the text was decoded from, so its bytes come back).</summary>
    private static Encoding Charset(string? mime)
    {
        var charset = mime?.Split(';').Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..].Trim('"');
        try
        {
            return charset is { Length: > 0 } ? Encoding.GetEncoding(charset) : new UTF8Encoding(false);
        }
        catch (ArgumentException)
        {
            return new UTF8Encoding(false);
        }
    }

    private static List<KeyValuePair<string, string>> Headers(Scanner scan)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (scan.Token != JsonTokenType.StartArray)
        {
            scan.SkipCurrent();
            return headers;
        }
        while (scan.Next() == JsonTokenType.StartObject)
        {
            string name = "", value = "";
            while (scan.Next() == JsonTokenType.PropertyName)
            {
                var key = scan.String();
                scan.Next();
                if (key == "name") { name = scan.Text(MaxText); }
                else if (key == "value") { value = scan.Text(4096); }
                else { scan.SkipCurrent(); }
            }
            if (name.Length > 0 && headers.Count < MaxHeaders)
            {
                headers.Add(KeyValuePair.Create(name, value));
            }
        }
        return headers;
    }

    private static void ForEach(Scanner scan, Action<string> member)
    {
        if (scan.Token != JsonTokenType.StartObject)
        {
            scan.SkipCurrent();
            return;
        }
        while (scan.Next() == JsonTokenType.PropertyName)
        {
            var key = scan.String();
            scan.Next();
            member(key);
        }
    }

    private static List<(string, double)> Members(Scanner scan)
    {
        var found = new List<(string, double)>();
        ForEach(scan, k =>
        {
            if (scan.Token == JsonTokenType.Number) { found.Add((k, scan.Number())); }
            else { scan.SkipCurrent(); }
        });
        return found;
    }

    /// <summary>A Utf8JsonReader over a stream: the buffer holds the unread bytes and grows only to hold one token.</summary>
    private sealed class Scanner
    {
        private readonly Stream stream;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _length, _offset;

        /// <param name="first">Bytes already read from the stream (what came before the JSON, passed over).</param>
        public Scanner(Stream stream, byte[] first)
        {
            this.stream = stream;
            first.CopyTo(_buffer, 0);
            _length = first.Length;
        }
        private bool _final;
        private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        private long _consumedBefore;
        private string? _string;
        private double _number;

        public JsonTokenType Token { get; private set; }
        public long Position => _consumedBefore + _offset;

        /// <summary>The whole file has been read into the buffer.</summary>
        public bool AtEnd => _final;

        public JsonTokenType Next()
        {
            while (true)
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_offset, _length - _offset), _final, _state);
                if (reader.Read())
                {
                    Token = reader.TokenType;
                    _string = Token is JsonTokenType.String or JsonTokenType.PropertyName ? (reader.ValueSpan.Length > MaxToken ? null : reader.GetString()) : null;
                    _number = Token == JsonTokenType.Number && reader.TryGetDouble(out var n) ? n : 0;
                    _offset += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return Token;
                }
                if (_final)
                {
                    throw new JsonException("the file ends inside the JSON (a truncated HAR?)");
                }
                Fill();
            }
        }

        private void Fill()
        {
            // Keep the unread bytes, grow only if a single token does not fit, then read more.
            var left = _length - _offset;
            if (left >= _buffer.Length / 2)
            {
                if (_buffer.Length >= MaxToken)
                {
                    throw new JsonException($"a single value is larger than {MaxToken / (1024 * 1024)} MB");
                }
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, _offset, bigger, 0, left);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            else
            {
                Buffer.BlockCopy(_buffer, _offset, _buffer, 0, left);
            }
            _consumedBefore += _offset;
            _offset = 0;
            _length = left;
            var read = stream.Read(_buffer, _length, _buffer.Length - _length);
            _length += read;
            _final = read == 0;
        }

        public void Expect(JsonTokenType type, string what)
        {
            if (Next() != type)
            {
                throw new JsonException($"{what}, not {Token}");
            }
        }

        public string String() => _string ?? "";

        /// <summary>The current string value, cut at <paramref name="max"/> characters; "" for another token (skipped).</summary>
        public string Text(int max)
        {
            if (Token != JsonTokenType.String)
            {
                SkipCurrent();
                return Token is JsonTokenType.Number ? _number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            }
            var s = _string ?? "";
            return s.Length > max ? s[..max] : s;
        }

        public double Number()
        {
            if (Token != JsonTokenType.Number)
            {
                SkipCurrent();
                return 0;
            }
            return _number;
        }

        /// <summary>Skips the value whose first token was just read (a container to its end).</summary>
        public void SkipCurrent()
        {
            if (Token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }
            var depth = 1;
            while (depth > 0)
            {
                var t = Next();
                if (t is JsonTokenType.StartObject or JsonTokenType.StartArray) { depth++; }
                else if (t is JsonTokenType.EndObject or JsonTokenType.EndArray) { depth--; }
            }
        }

        /// <summary>Reads and skips the next value.</summary>
        public void SkipValue()
        {
            Next();
            SkipCurrent();
        }
    }
}
