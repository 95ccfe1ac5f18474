using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>Builds a survey body from the spec's request message, in no namespace (as the source) or in the chat namespace (as real clients).</summary>
public static class SurveyDocument
{
    /// <param name="items">Question and answer pairs; a null question leaves the question out (an invalid survey).</param>
    public static XDocument Build(Message request, XNamespace ns, string sessionId, IEnumerable<(string? Question, string Answer)> items)
    {
        var sid = request.ByQuantity(Quantity.SessionId)!;
        var list = request.ByQuantity(Quantity.SurveyItems)!;
        var question = list.Item!.ByQuantity(Quantity.Question)!;
        var answer = list.Item.ByQuantity(Quantity.Answer)!;
        var root = new XElement(ns + request.Root.LocalName, new XAttribute(sid.Name, sessionId));
        foreach (var (q, a) in items)
        {
            root.Add(new XElement(ns + list.Name,
                q is null ? null : new XElement(ns + question.Name, q),
                new XElement(ns + answer.Name, a)));
        }
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    public static string ToText(XDocument document) => document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting);
}
