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

/// <summary>Validation against the spec's schemas that reports every problem, including a root
/// the schemas do not declare (which XDocument.Validate lets pass in silence).</summary>
public static class SchemaValidation
{
    public static IReadOnlyList<string> Errors(System.Xml.Linq.XDocument document, XmlSchemaSet schemas)
    {
        var errors = new List<string>();
        if (document.Root is not { } root)
        {
            return ["The document has no root element."];
        }
        var name = new XmlQualifiedName(root.Name.LocalName, root.Name.NamespaceName);
        if (!schemas.GlobalElements.Contains(name))
        {
            return [$"The root element {{{root.Name.NamespaceName}}}{root.Name.LocalName} is not declared by the schemas."];
        }
        System.Xml.Schema.Extensions.Validate(document, schemas, (_, e) => errors.Add(
            e.Exception is { LineNumber: > 0 } x ? $"{e.Message} (line {x.LineNumber})" : e.Message));
        return errors;
    }
}
