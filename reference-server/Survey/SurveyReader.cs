using System.Xml.Linq;
using Ece.Spec;

namespace Ece.ReferenceServer.Survey;

/// <summary>Reads a survey body by the spec's request message: well-formed, no DTD, the right root in an
/// accepted namespace, valid against the XSD. Anything else is a problem to answer with 400.</summary>
internal sealed class SurveyReader(EceSpec spec, Message message)
{
    public sealed record Reading(XNamespace Namespace, Dictionary<string, string> Attributes, List<IReadOnlyDictionary<string, string>> Items);

    /// <param name="charset">The Content-Type charset, if any: the bytes are read as sent, never with replacement characters.</param>
    public (Reading? Survey, string? Problem) Read(byte[] body, string? charset = null)
    {
        var reading = SafeXml.Read(body, charset);
        if (reading.HasDoctype)
        {
            return (null, "A DTD or entity declaration is not accepted in a survey.");
        }
        if (reading.Document is not { } document)
        {
            return (null, reading.Error is not null ? $"The body is not well-formed XML: {reading.Error}"
                : reading.Attributes > SafeXml.MaxAttributes ? $"An element has {reading.Attributes} attributes; a survey's have one or two."
                : $"The elements nest {reading.Depth} levels deep; a survey nests three.");
        }
        var root = document.Root!;
        var accepted = message.AcceptedNamespaces.Select(ns => ns + message.Root.LocalName).ToList();
        if (!accepted.Contains(root.Name))
        {
            var names = string.Join(" or ", accepted.Select(n => n.Namespace == XNamespace.None ? $"<{n.LocalName}>" : $"<{n.LocalName} xmlns=\"{n.NamespaceName}\">"));
            return (null, $"The root element must be {names}, not <{root.Name.LocalName}>{(root.Name.Namespace == XNamespace.None ? "" : $" in {root.Name.NamespaceName}")}.");
        }
        var errors = SchemaValidation.Errors(document, spec.Schemas);
        if (errors.Count > 0)
        {
            return (null, SafeXml.Printable(SafeXml.Cut("The survey is not valid: " + string.Join(" ", errors), SafeXml.MaxErrorCharacters)));
        }
        var ns = root.Name.Namespace;
        var attributes = message.Attributes.Where(f => root.Attribute(f.Name) is not null).ToDictionary(f => f.Name, f => root.Attribute(f.Name)!.Value);
        var items = message.Elements.Where(f => f.Item is not null)
            .SelectMany(f => root.Elements(ns + f.Name).Select(e => (IReadOnlyDictionary<string, string>)f.Item!.Elements
                .ToDictionary(sub => sub.Name, sub => e.Element(ns + sub.Name)?.Value ?? "")))
            .ToList();
        return (new Reading(ns, attributes, items), null);
    }
}
