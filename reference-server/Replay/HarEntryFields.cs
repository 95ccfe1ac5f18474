using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ece.ReferenceServer.Replay;

/// <summary>The members of one HAR entry as they are read (in any order, any of them missing), then made a
/// <see cref="HarEntry"/>.</summary>
internal sealed class HarEntryFields
{
    private const int MaxHeaders = 64;

    private readonly int _maxBody;
    private DateTimeOffset _started;
    private double _time;
    private double? _wait;
    private string _method = "GET", _url = "", _statusText = "";
    private string? _mime, _text, _encoding, _error;
    private int _status;
    private double _size = -1;
    private bool _fromCache;
    private List<KeyValuePair<string, string>> _requestHeaders = [], _responseHeaders = [];

    private HarEntryFields(int maxBody) => _maxBody = maxBody;

    /// <summary>One entry, the scanner on its StartObject; null when it has no request URL.</summary>
    public static HarEntry? Read(HarScanner scan, int maxBody)
    {
        var fields = new HarEntryFields(maxBody);
        scan.ForEachMember(key => fields.Entry(scan, key));
        return fields._url.Length == 0 ? null : fields.ToEntry();
    }

    private void Entry(HarScanner scan, string key)
    {
        switch (key)
        {
            case "startedDateTime":
                DateTimeOffset.TryParse(scan.Text(100), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _started);
                break;
            case "time":
                _time = scan.Number();
                break;
            case "_fromCache":
                _fromCache = scan.Token is JsonTokenType.String or JsonTokenType.True;
                scan.SkipCurrent();
                break;
            case "timings":
                foreach (var (name, value) in scan.NumberMembers())
                {
                    if (name == "wait" && value >= 0) { _wait = value; }
                }
                break;
            case "request":
                scan.ForEachMember(k => Request(scan, k));
                break;
            case "response":
                scan.ForEachMember(k => Response(scan, k));
                break;
            default:
                scan.SkipCurrent();
                break;
        }
    }

    private void Request(HarScanner scan, string key)
    {
        switch (key)
        {
            case "method": _method = scan.Text(20); break;
            case "url": _url = scan.Text(8192); break;
            case "headers": _requestHeaders = Headers(scan); break;
            default: scan.SkipCurrent(); break;
        }
    }

    private void Response(HarScanner scan, string key)
    {
        switch (key)
        {
            case "status": _status = (int)scan.Number(); break;
            case "statusText": _statusText = scan.Text(HarReader.MaxText); break;
            case "headers": _responseHeaders = Headers(scan); break;
            case "_error": _error = scan.Text(HarReader.MaxText); break;
            case "content": scan.ForEachMember(k => Content(scan, k)); break;
            default: scan.SkipCurrent(); break;
        }
    }

    private void Content(HarScanner scan, string key)
    {
        switch (key)
        {
            case "mimeType": _mime = scan.Text(HarReader.MaxText); break;
            case "text": _text = scan.Text(_maxBody * 2); break;
            case "encoding": _encoding = scan.Text(20); break;
            case "size": _size = scan.Number(); break;
            default: scan.SkipCurrent(); break;
        }
    }

    private HarEntry ToEntry()
    {
        var (body, truncated) = Bytes(_text, _encoding, _mime, _maxBody);
        truncated |= body is not null && _size > _maxBody; // a producer (record) that kept only the first bytes says how many there were
        return new HarEntry(_started, _time, _wait, _method, _url, _requestHeaders, _status, _statusText, _responseHeaders, _mime, body, truncated, Skipped());
    }

    /// <summary>Why the entry is no answer to judge, or null for one that is.</summary>
    private string? Skipped() => (_fromCache, _error, _status) switch
    {
        (true, _, _) => "served from the browser's cache",
        (_, { Length: > 0 } error, _) => $"not answered: {error}",
        (_, _, 0) => "status 0 (blocked, cancelled or never answered)",
        (_, _, StatusCodes.Status304NotModified) => "304 Not Modified (a revalidation: the answer was the browser's cached one)",
        _ => null,
    };

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
        return Ece.Spec.MediaTypes.Charset(charset) ?? new UTF8Encoding(false);
    }

    private static List<KeyValuePair<string, string>> Headers(HarScanner scan)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (scan.Token != JsonTokenType.StartArray)
        {
            scan.SkipCurrent();
            return headers;
        }
        while (scan.NextObject())
        {
            string name = "", value = "";
            scan.ForEachMember(key =>
            {
                if (key == "name") { name = scan.Text(HarReader.MaxText); }
                else if (key == "value") { value = scan.Text(4096); }
                else { scan.SkipCurrent(); }
            });
            if (name.Length > 0 && headers.Count < MaxHeaders)
            {
                headers.Add(KeyValuePair.Create(name, value));
            }
        }
        return headers;
    }
}
