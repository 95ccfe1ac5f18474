using System.Xml;
using System.Xml.Schema;

namespace Ece.Spec;

/// <summary>The XSDs of spec/xsd compiled into one schema set; includes and imports resolve to
/// the embedded files, never to the network or the disk.</summary>
public static class SpecSchemas
{
    public const string Entry = "xsd/ece-chat.xsd";

    public static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedResolver() };
        using var reader = XmlReader.Create(SpecResources.Open(Entry), SafeXml.ReaderSettings(), EmbeddedResolver.BaseUri + Entry);
        set.Add(null, reader);
        set.Compile();
        return set;
    }

    private sealed class EmbeddedResolver : XmlResolver
    {
        public const string BaseUri = "embedded:///spec/";

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            absoluteUri.ToString().StartsWith(BaseUri, StringComparison.Ordinal)
                ? SpecResources.Open(absoluteUri.ToString()[BaseUri.Length..])
                : throw new XmlException($"The schemas may only refer to each other, not to {absoluteUri}.");
    }
}
