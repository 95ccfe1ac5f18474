using System.Xml.Linq;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>An operation's answer for one entry point, read once and judged by every answer rule.</summary>
internal sealed class Answer
{
    private Answer(Operation operation, string entryPoint, Exchange exchange)
    {
        Operation = operation;
        EntryPoint = entryPoint;
        Exchange = exchange;
        if (exchange is { Failure: ExchangeFailure.None, Content: { } content } && exchange.Status == operation.SuccessStatus)
        {
            // Judged from the bytes as sent, by the parser: never from the text decoded for display.
            var reading = SafeXml.Read(content, exchange.Charset);
            Document = reading.Document;
            ParseError = reading.Error;
            HasDoctype = reading.HasDoctype;
            Depth = reading.Depth;
            Attributes = reading.Attributes;
        }
    }

    public Operation Operation { get; }
    public string EntryPoint { get; }
    public Exchange Exchange { get; }
    public XDocument? Document { get; }
    public string? ParseError { get; }
    public bool HasDoctype { get; }

    /// <summary>How deep the body's elements nest; past SafeXml.MaxDepth the document is well-formed but not loaded.</summary>
    public int Depth { get; }

    /// <summary>The most attributes on one element; past SafeXml.MaxAttributes the document is not loaded.</summary>
    public int Attributes { get; }

    public static Answer From(Operation operation, string entryPoint, Exchange exchange) => new(operation, entryPoint, exchange);

    /// <summary>Why the content of this answer cannot be judged, or null when it can.</summary>
    public string? Unreadable => Exchange switch
    {
        { Failure: ExchangeFailure.TooLarge } => $"the body is over {Exchange.BodyBytesRead - 1} bytes and was not read (see ECE-GN-013)",
        { Answered: false } => $"no answer: {Exchange.Error}",
        var x when x.Status != Operation.SuccessStatus => $"the operation answered {Exchange.Status}, so there is no document to check",
        _ when HasDoctype => "the body declares a DTD, which is never expanded (see ECE-GN-005)",
        _ when ParseError is not null => $"the body is not well-formed XML (see ECE-GN-004): {ParseError}",
        _ when Document is null && Attributes > SafeXml.MaxAttributes => $"an element has {Attributes} attributes; no answer of the API has more than {SafeXml.MaxAttributes}, so its content was not read",
        _ when Document is null => $"the elements nest {Depth} levels deep; no answer of the API nests deeper than {SafeXml.MaxDepth}, so its content was not read",
        _ => null,
    };

    /// <summary>The raw text of a field, found by local name for elements in any namespace
    /// (the namespace is ECE-GN-007's business), or null when absent.</summary>
    public string? Raw(Field field) => field.Node == FieldNode.Attribute
        ? Document?.Root?.Attribute(field.Name)?.Value
        : Document?.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == field.Name)?.Value;

    /// <summary>The field's value when it is present and valid, else null.</summary>
    public string? ValidValue(Field field) => Raw(field) is { } raw && field.Accepts(raw) ? raw : null;

    /// <summary>The fields of a readable answer that tell a client a chat can start, as name="value".</summary>
    public IReadOnlyList<string> Invitations() => Unreadable is not null
        ? []
        : Operation.Response!.Fields.Where(f => Raw(f) is { } v && f.InvitesChat(v)).Select(f => $"{f.Name}=\"{Raw(f)}\"").ToList();

    /// <summary>The raw value of every documented field present, by field name; empty when unreadable.</summary>
    public IReadOnlyDictionary<string, string> Values() => Unreadable is not null
        ? new Dictionary<string, string>()
        : Operation.Response!.Fields.Where(f => Raw(f) is not null).ToDictionary(f => f.Name, f => Raw(f)!);

    public Field FieldFor(string quantity) => Operation.Response!.ByQuantity(quantity) ?? throw new InvalidOperationException($"{Operation.Id} reports no {quantity}.");
}
