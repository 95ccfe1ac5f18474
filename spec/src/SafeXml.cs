using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>What the parser made of a body: the document, or the first error and whether the body declares a DTD.</summary>
/// <param name="Error">The parser's message, cut to a few hundred characters: a target's garbage must not grow every finding.</param>
public sealed record XmlReading(XDocument? Document, string? Error, bool HasDoctype);

/// <summary>XML reading for untrusted input, shared by the server (survey bodies) and the runner
/// (answers of a target): no DTD, no entity expansion, no external resolution, bounded size.</summary>
public static class SafeXml
{
    /// <summary>The longest parser message kept; XmlReader lists every unclosed element, which a hostile body makes huge.</summary>
    public const int MaxErrorCharacters = 300;

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
        var (document, error) = Load(bytes, charset, DtdProcessing.Prohibit, maxCharacters);
        if (error is null)
        {
            return new XmlReading(document, null, false);
        }
        var (_, skippingDtd) = Load(bytes, charset, DtdProcessing.Ignore, maxCharacters);
        return new XmlReading(null, Cut(error), skippingDtd != error);
    }

    public static string Cut(string text, int max = MaxErrorCharacters) => text.Length <= max ? text : text[..max] + "…";

    private static (XDocument?, string?) Load(byte[] bytes, string? charset, DtdProcessing dtd, long maxCharacters)
    {
        var settings = ReaderSettings(maxCharacters);
        settings.DtdProcessing = dtd;
        var declared = Declared(bytes, charset);
        try
        {
            // A charset other than UTF-8 is decoded strictly here; otherwise XmlReader decodes the bytes itself (strict too).
            using var reader = declared is null
                ? XmlReader.Create(new MemoryStream(bytes, writable: false), settings)
                : XmlReader.Create(new StringReader(declared.GetString(bytes)), settings);
            return (XDocument.Load(reader, LoadOptions.PreserveWhitespace), null);
        }
        catch (XmlException e)
        {
            return (null, e.Message);
        }
        catch (DecoderFallbackException e)
        {
            return (null, $"A byte sequence that is not {declared!.WebName} at byte {e.Index} (charset {charset}).");
        }
    }

    /// <summary>The strict encoding a Content-Type charset names, when it is not UTF-8 and no byte order mark overrides it.</summary>
    private static Encoding? Declared(byte[] bytes, string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset) || bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble)
            || bytes.AsSpan().StartsWith(Encoding.Unicode.Preamble) || bytes.AsSpan().StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return null;
        }
        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim().Trim('"'), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            return encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
        }
        catch (ArgumentException)
        {
            return null; // an unknown charset: the XML declaration decides
        }
    }
}
