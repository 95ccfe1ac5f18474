using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>What the parser made of a body: the document, or the first error and whether the body declares a DTD.</summary>
/// <param name="Error">The parser's message, cut to a few hundred characters: a target's garbage must not grow every finding.</param>
/// <param name="Depth">How deep elements nest (the root alone is 1). A well-formed document deeper than
/// <see cref="SafeXml.MaxDepth"/> is not loaded (Document null, Error null): no message of the API nests so deep.</param>
/// <param name="Attributes">The most attributes (namespace declarations included) on one element; past
/// <see cref="SafeXml.MaxAttributes"/> the document is not loaded either.</param>
public sealed record XmlReading(XDocument? Document, string? Error, bool HasDoctype, int Depth = 0, int Attributes = 0)
{
    public bool WellFormed => Error is null;
}

/// <summary>XML reading for untrusted input, shared by the server (survey bodies) and the runner
/// (answers of a target): no DTD, no entity expansion, no external resolution, bounded size.</summary>
public static class SafeXml
{
    // Code-page encodings (windows-1252 and the like) that a declaration or a charset may name: Java and browsers read
    // them, so a document in one is judged by its content, not by what .NET registers by default.
    static SafeXml() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The longest parser message kept; XmlReader lists every unclosed element, which a hostile body makes huge.</summary>
    public const int MaxErrorCharacters = 300;

    /// <summary>The deepest nesting loaded into a document. The API's messages nest two or three levels; LINQ to XML
    /// loads deep nesting in quadratic time, so a hostile body of thousands of nested elements is only scanned.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most attributes on one element of a document that is loaded. The API's elements carry a few, with
    /// four or five namespace declarations; looking attributes up by name is linear, so an element of thousands (well
    /// under the body cap) made every rule that reads one quadratic: seconds and hundreds of megabytes per answer.</summary>
    public const int MaxAttributes = 64;

    public static XmlReaderSettings ReaderSettings(long maxCharacters = 0) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = maxCharacters,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
    };

    /// <summary>Parses <paramref name="text"/>; a DTD, malformed XML or a document over the cap throws XmlException.</summary>
    public static XDocument Parse(string text, long maxCharacters = 0)
    {
        using var reader = XmlReader.Create(new StringReader(text), ReaderSettings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    /// <summary>Reads a body as sent: the bytes, decoded as the parser decodes them (byte order mark, then the
    /// Content-Type <paramref name="charset"/>, then the XML declaration), so an invalid byte sequence is an error
    /// with its position, never a replacement character. A DTD is found by the parser, not by searching the text:
    /// the body is read once refusing DTDs and, if that fails, once skipping them; if the two readings differ,
    /// the difference is a DTD.</summary>
    public static XmlReading Read(byte[] bytes, string? charset = null, long maxCharacters = 0)
    {
        var scan = Scan(bytes, charset, DtdProcessing.Prohibit, maxCharacters);
        if (scan.Error is not null)
        {
            // A DTD stands before the root: once the parser has reached the root, the error is something else.
            var hasDoctype = !scan.ReachedRoot && Scan(bytes, charset, DtdProcessing.Ignore, maxCharacters).Error != scan.Error;
            return new XmlReading(null, Cut(Clause(scan.Error)), hasDoctype, scan.Depth, scan.Attributes);
        }
        if (scan.Depth > MaxDepth || scan.Attributes > MaxAttributes)
        {
            return new XmlReading(null, null, false, scan.Depth, scan.Attributes);
        }
        using var reader = CreateReader(bytes, charset, DtdProcessing.Prohibit, maxCharacters);
        return new XmlReading(XDocument.Load(reader, LoadOptions.PreserveWhitespace), null, false, scan.Depth, scan.Attributes);
    }

    /// <summary>One pass of the reader alone (fast, linear): the first error, whether the root was reached, the depth,
    /// the most attributes on one element.</summary>
    private static (string? Error, bool ReachedRoot, int Depth, int Attributes) Scan(byte[] bytes, string? charset, DtdProcessing dtd, long maxCharacters)
    {
        var (reachedRoot, depth, attributes) = (false, 0, 0);
        try
        {
            using var reader = CreateReader(bytes, charset, dtd, maxCharacters);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reachedRoot = true;
                    depth = Math.Max(depth, reader.Depth + 1);
                    attributes = Math.Max(attributes, reader.AttributeCount);
                }
            }
            return (null, reachedRoot, depth, attributes);
        }
        catch (XmlException e)
        {
            return (e.Message, reachedRoot, depth, attributes);
        }
        catch (DecoderFallbackException e)
        {
            return ($"A byte sequence that is not {charset} at byte {e.Index}.", reachedRoot, depth, attributes);
        }
    }

    /// <summary>A reader over the bytes as <see cref="Read"/> decodes them, for what LINQ to XML does not keep (prefixes).</summary>
    public static XmlReader CreateReader(byte[] bytes, string? charset = null, DtdProcessing dtd = DtdProcessing.Prohibit, long maxCharacters = 0)
    {
        var settings = ReaderSettings(maxCharacters);
        settings.DtdProcessing = dtd;
        // A charset other than UTF-8 is decoded strictly here; otherwise XmlReader decodes the bytes itself (strict too).
        return Declared(bytes, charset) is { } declared
            ? XmlReader.Create(new StringReader(declared.GetString(bytes)), settings)
            : XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
    }

    public static string Cut(string text, int max = MaxErrorCharacters) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>A parser message made to read as a clause: no empty list of names, no closing full stop (the finding adds its own).</summary>
    private static string Clause(string message) =>
        Printable(message.Replace("are not closed:  ", "are not closed: ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).TrimEnd('.', ' '));

    /// <summary>A target's or client's text with control characters shown as \uXXXX: it may reach a terminal or a log.</summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;

    /// <summary>The strict encoding a Content-Type charset names, when it is not UTF-8 and no byte order mark overrides it.</summary>
    private static Encoding? Declared(byte[] bytes, string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset) || bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble)
            || bytes.AsSpan().StartsWith(Encoding.Unicode.Preamble) || bytes.AsSpan().StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return null;
        }
        // An unknown or unsupported charset (utf-7) is null: the XML declaration decides.
        return MediaTypes.Charset(charset, strict: true) is { } encoding && encoding.CodePage != Encoding.UTF8.CodePage ? encoding : null;
    }
}
