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

    /// <summary>Characters kept of a short value (a name, a status text, an error).</summary>
    internal const int MaxText = 200;

    public static HarFile Read(string path, string filter, int maxBody)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, filter, maxBody);
    }

    public static HarFile Read(Stream stream, string path, string filter, int maxBody)
    {
        var scan = new HarScanner(stream, BeforeJson(stream));
        var log = new Log(filter, maxBody);
        try
        {
            scan.Expect(JsonTokenType.StartObject, "a HAR is a JSON object");
            while (scan.Next() == JsonTokenType.PropertyName)
            {
                if (scan.String() == "log") { log.Read(scan); }
                else { scan.SkipValue(); }
            }
        }
        catch (InvalidOperationException e)
        {
            // A string the reader cannot decode (invalid UTF-8, a lone surrogate): the file is no HAR to read.
            throw Unreadable(path, e.Message, scan);
        }
        catch (JsonException e)
        {
            throw Unreadable(path, scan.AtEnd && e.Message.Contains("depth", StringComparison.Ordinal) ? "the file ends inside the JSON (a truncated HAR?)" : Reason(e), scan);
        }
        if (!log.Seen)
        {
            throw new HarException($"{path} is JSON but no HAR: it has no \"log\" (HAR 1.2: {{\"log\": {{\"entries\": [...]}}}}).");
        }
        return new HarFile(path, log.Creator, log.Entries, log.Others, log.Dropped);
    }

    /// <summary>The first bytes of the stream, unless they are a byte-order mark (Fiddler, a HAR saved again on
    /// Windows), which is no JSON: passed over.</summary>
    private static byte[] BeforeJson(Stream stream)
    {
        var bom = new byte[3];
        var start = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        return start == 3 && bom is [0xEF, 0xBB, 0xBF] ? [] : bom[..start];
    }

    /// <summary>The reader's message without its path and line (the byte position is said instead).</summary>
    private static string Reason(JsonException e) => e.Message.Split(". Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');

    private static HarException Unreadable(string path, string why, HarScanner scan) =>
        new($"{path} is not a HAR that can be read: {why} (at byte {scan.Position}).");

    /// <summary>What the "log" member holds, as far as a chat API needs it: the creator, and the entries whose URL
    /// contains the filter (at most <see cref="MaxEntries"/>; the others counted).</summary>
    private sealed class Log(string filter, int maxBody)
    {
        public bool Seen { get; private set; }
        public string Creator { get; private set; } = "";
        public List<HarEntry> Entries { get; } = [];
        public int Others { get; private set; }
        public int Dropped { get; private set; }

        /// <summary>The log object, the scanner on its member name.</summary>
        public void Read(HarScanner scan)
        {
            Seen = true;
            scan.Expect(JsonTokenType.StartObject, "log is an object");
            while (scan.Next() == JsonTokenType.PropertyName)
            {
                switch (scan.String())
                {
                    case "creator":
                        Creator = ReadCreator(scan);
                        break;
                    case "entries":
                        ReadEntries(scan);
                        break;
                    default:
                        scan.SkipValue();
                        break;
                }
            }
        }

        private void ReadEntries(HarScanner scan)
        {
            scan.Expect(JsonTokenType.StartArray, "log.entries is an array");
            while (scan.NextObject(() => Others++))
            {
                var entry = HarEntryFields.Read(scan, maxBody);
                if (entry is null || !entry.Url.Contains(filter, StringComparison.Ordinal))
                {
                    Others++;
                }
                else if (Entries.Count < MaxEntries)
                {
                    Entries.Add(entry);
                }
                else
                {
                    Dropped++;
                }
            }
        }

        private static string ReadCreator(HarScanner scan)
        {
            if (scan.Next() != JsonTokenType.StartObject)
            {
                scan.SkipCurrent();
                return "";
            }
            string name = "", version = "";
            scan.ForEachMember(key =>
            {
                if (key == "name") { name = scan.Text(MaxText); }
                else if (key == "version") { version = scan.Text(50); }
                else { scan.SkipCurrent(); }
            });
            return $"{name} {version}".Trim();
        }
    }
}
