using System.Xml;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>XML reading for untrusted input, shared by the server (survey bodies) and the runner
/// (answers of a target): no DTD, no entity expansion, no external resolution, bounded size.</summary>
public static class SafeXml
{
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

    public static XDocument Parse(Stream stream, long maxCharacters = 0)
    {
        using var reader = XmlReader.Create(stream, ReaderSettings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    /// <summary>Whether the text declares a document type, found without parsing it.</summary>
    public static bool HasDoctype(string text) => text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
}
