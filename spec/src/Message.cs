using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>An XML document of the contract: its root, its fields, and the namespace
/// declarations a real server puts on the root.</summary>
public sealed record Message(
    string SchemaName,
    XName Root,
    IReadOnlyList<Field> Fields,
    IReadOnlyList<NamespaceDeclaration> Declarations,
    IReadOnlyList<XNamespace> AcceptedNamespaces)
{
    public Field Field(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"{SchemaName} has no field {name}.");

    public Field? ByQuantity(string quantity) => Fields.FirstOrDefault(f => f.Quantity == quantity);

    public IEnumerable<Field> Attributes => Fields.Where(f => f.Node == FieldNode.Attribute);

    public IEnumerable<Field> Elements => Fields.Where(f => f.Node == FieldNode.Element);

    /// <summary>Writes the message as a real ECE server does: unqualified root, the declarations of the
    /// source's example, children in their namespace with their prefix, attributes in document order.</summary>
    /// <param name="valueOf">The lexical value of a field, or null to leave it out.</param>
    public XDocument Render(Func<Field, string?> valueOf)
    {
        var root = new XElement(Root);
        foreach (var declaration in Declarations)
        {
            root.Add(new XAttribute(XNamespace.Xmlns + declaration.Prefix, declaration.Uri));
        }
        foreach (var field in Fields)
        {
            if (valueOf(field) is not { } value)
            {
                continue;
            }
            root.Add(field.Node == FieldNode.Attribute
                ? new XAttribute(field.Name, value)
                : new XElement(field.Namespace + field.Name, value));
        }
        return new XDocument(new XDeclaration("1.0", "UTF-8", "yes"), root);
    }

    /// <summary>The JSON form: one top-level member a field, named as in XML, typed as in the schema.</summary>
    public JsonObject RenderJson(Func<Field, string?> valueOf)
    {
        var json = new JsonObject();
        foreach (var field in Fields)
        {
            if (valueOf(field) is { } value)
            {
                json[field.Name] = field.Type switch
                {
                    FieldType.Boolean => JsonValue.Create(Lexical.ParseBoolean(value)),
                    FieldType.NonNegativeInteger or FieldType.WholeNumber => JsonValue.Create(long.Parse(Lexical.Collapse(value), System.Globalization.CultureInfo.InvariantCulture)),
                    FieldType.NonNegativeDecimal => JsonValue.Create(Lexical.ParseDecimal(value)),
                    _ => JsonValue.Create(value),
                };
            }
        }
        return json;
    }
}

public sealed record NamespaceDeclaration(string Prefix, XNamespace Uri);
