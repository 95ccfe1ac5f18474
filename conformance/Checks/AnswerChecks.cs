using System.Net;
using System.Xml;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules that judge one operation's answer for one entry point, from the route to the namespaces.</summary>
internal static class AnswerChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["route"] = (CheckScope.OperationAndEntryPoint, Route),
        ["status"] = (CheckScope.OperationAndEntryPoint, Status),
        ["media-type"] = (CheckScope.OperationAndEntryPoint, MediaType),
        ["media-type-plain"] = (CheckScope.OperationAndEntryPoint, PlainMediaType),
        ["body-size"] = (CheckScope.OperationAndEntryPoint, BodySize),
        ["no-dtd"] = (CheckScope.OperationAndEntryPoint, NoDtd),
        ["well-formed"] = (CheckScope.OperationAndEntryPoint, WellFormed),
        ["root"] = (CheckScope.OperationAndEntryPoint, Root),
        ["child-namespace"] = (CheckScope.OperationAndEntryPoint, ChildNamespace),
        ["child-prefix"] = (CheckScope.OperationAndEntryPoint, ChildPrefix),
    };

    internal static Task<Answer> AnswerOf(CheckCall call, CancellationToken cancel) =>
        call.Context.AnswerAsync(call.Operation!, call.EntryPoint!, cancel);

    private static async Task<Finding> Route(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        var x = answer.Exchange;
        int[] ids = [x.Id];
        return x switch
        {
            // A time-out says nothing about the route: the run says which --timeout would do (exit 2).
            { Failure: ExchangeFailure.Timeout } => call.Untestable($"No complete answer: {x.Error}.", ids),
            { Failure: ExchangeFailure.Invalid } => call.Fail($"The route answers something that is not HTTP: {x.Error}", "an HTTP answer", "not HTTP", ids),
            { Answered: false } => call.Untestable($"Could not reach the route: {x.Error}", ids),
            _ when NotServed(x) => call.Fail($"The route is not served: {x.Describe()}.", "the operation's route", $"{x.Status}", ids),
            _ => call.Pass($"Answered {x.Status}.", ids),
        };
    }

    /// <summary>The statuses that say "no such route" (Not Found, Method Not Allowed, Not Implemented).</summary>
    internal static bool NotServed(Exchange x) =>
        x.Answered && x.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.MethodNotAllowed or (int)HttpStatusCode.NotImplemented;

    private static async Task<Finding> Status(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        var x = answer.Exchange;
        var documented = call.Operation!.Responses.Where(r => r.Provenance == "source").Select(r => r.Code).ToList();
        return !x.Answered
            ? call.Untestable($"No answer: {x.Error}", [x.Id])
            : NotServed(x)
            ? call.NotApplicable($"The route is not served ({x.Status}): that is ECE-GN-001's finding.", [x.Id])
            : documented.Contains(x.Status!.Value.ToString())
                ? call.Pass($"{x.Status} is documented.", [x.Id])
                : call.Fail($"{x.Status} is not a status {call.Operation.Id} documents.", string.Join(" or ", documented), $"{x.Status}", [x.Id]);
    }

    /// <summary>Content rules judge a 200 answer; anything else leaves them nothing to judge.</summary>
    private static Finding? Gate(CheckCall call, Answer answer) => answer.Exchange switch
    {
        { Answered: false } x => call.Untestable($"No answer: {x.Error}", [x.Id]),
        var x when x.Status != call.Operation!.SuccessStatus => call.Untestable($"The operation answered {x.Status}: there is no document to check.", [x.Id]),
        _ => null,
    };

    private static async Task<Finding> MediaType(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Gate(call, answer) is { } gated)
        {
            return gated;
        }
        var type = answer.Exchange.MediaType ?? "";
        return MediaTypes.IsXml(type)
            ? call.Pass($"Sent as {type}.", [answer.Exchange.Id])
            : call.Fail($"The answer is sent as '{type}', not as XML.", $"{string.Join(", ", MediaTypes.PlainXml)} or a +xml type", type.Length == 0 ? "(no Content-Type)" : type, [answer.Exchange.Id]);
    }

    /// <summary>A +xml type is XML (ECE-GN-003), but clients that match the type by name do not parse it.</summary>
    private static async Task<Finding> PlainMediaType(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Gate(call, answer) is { } gated)
        {
            return gated;
        }
        var type = answer.Exchange.MediaType ?? "";
        return !MediaTypes.IsXml(type)
            ? call.NotApplicable($"Not sent as XML at all ('{type}'): that is ECE-GN-003's finding.", [answer.Exchange.Id])
            : MediaTypes.IsPlainXml(type)
            ? call.Pass($"Sent as {type}.", [answer.Exchange.Id])
            : call.Fail($"Sent as '{type}': clients that parse only {string.Join(" or ", MediaTypes.PlainXml)} treat the answer as text.",
                string.Join(" or ", MediaTypes.PlainXml), type, [answer.Exchange.Id]);
    }

    private static async Task<Finding> BodySize(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Gate(call, answer) is { } gated)
        {
            return gated;
        }
        var max = call.Context.Target.Options.MaxBodyBytes;
        return answer.Exchange.BodyTruncated
            ? call.Fail($"The body is longer than {max} bytes; the runner stopped reading it.", $"at most {max} bytes", $"more than {max} bytes", [answer.Exchange.Id])
            : call.Pass($"{answer.Exchange.BodyBytesRead} bytes.", [answer.Exchange.Id]);
    }

    private static async Task<Finding> NoDtd(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if ((Gate(call, answer) ?? TooLarge(call, answer)) is { } gated)
        {
            return gated;
        }
        return answer.HasDoctype
            ? call.Fail("The parser finds a document type declaration (DTD); it was not processed.", "no <!DOCTYPE>", "<!DOCTYPE ...>", [answer.Exchange.Id])
            : call.Pass(answer.ParseError is not null ? "No DTD (the body does not parse for another reason: see ECE-GN-004)." : "No DTD.", [answer.Exchange.Id]);
    }

    private static async Task<Finding> WellFormed(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if ((Gate(call, answer) ?? TooLarge(call, answer)) is { } gated)
        {
            return gated;
        }
        if (answer.HasDoctype)
        {
            return call.Untestable("The body declares a DTD, which is never processed (see ECE-GN-005).", [answer.Exchange.Id]);
        }
        return answer.ParseError is not null
            ? call.Fail($"The body is not well-formed XML: {answer.ParseError}", "a well-formed XML document", Excerpt(answer.Exchange.Body), [answer.Exchange.Id])
            : call.Pass("Well-formed.", [answer.Exchange.Id]);
    }

    private static async Task<Finding> Root(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Content(call, answer) is { } gated)
        {
            return gated;
        }
        var expected = call.Operation!.Response!.Root;
        var actual = answer.Document!.Root!.Name;
        return actual == expected
            ? call.Pass($"<{expected.LocalName}> in no namespace.", [answer.Exchange.Id])
            : call.Fail(actual.LocalName != expected.LocalName ? $"The root is <{actual.LocalName}>." : $"The root is in the namespace {actual.NamespaceName}.",
                Name(expected), Name(actual), [answer.Exchange.Id]);
    }

    private static async Task<Finding> ChildNamespace(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Content(call, answer) is { } gated)
        {
            return gated;
        }
        var fields = call.Operation!.Response!.Elements.ToList();
        if (fields.Count == 0)
        {
            return call.NotApplicable("This answer has no child elements.", [answer.Exchange.Id]);
        }
        var present = fields.Select(f => (f, e: answer.Document!.Root!.Elements().FirstOrDefault(e => e.Name.LocalName == f.Name))).Where(p => p.e is not null).ToList();
        var wrong = present.Where(p => p.e!.Name.Namespace != p.f.Namespace).ToList();
        if (wrong.Count > 0)
        {
            var legacy = wrong.Select(w => w.e!.Name.NamespaceName).Distinct().Where(call.Context.Spec.LegacyNamespaces.ContainsKey)
                .Select(ns => $" {ns} is {call.Context.Spec.LegacyNamespaces[ns]}");
            return call.Fail($"{string.Join(", ", wrong.Select(w => w.f.Name))} not in the chat namespace.{string.Concat(legacy)}",
                string.Join(", ", wrong.Select(w => Name(w.f.Namespace + w.f.Name))), string.Join(", ", wrong.Select(w => Name(w.e!.Name))), [answer.Exchange.Id]);
        }
        return present.Count == 0
            ? call.NotApplicable("None of the child elements is present (see the field rules).", [answer.Exchange.Id])
            : call.Pass($"{string.Join(", ", present.Select(p => p.f.Name))} in {call.Context.Spec.ChatNamespace.NamespaceName}.", [answer.Exchange.Id]);
    }

    private static async Task<Finding> ChildPrefix(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerOf(call, cancel);
        if (Content(call, answer) is { } gated)
        {
            return gated;
        }
        var fields = call.Operation!.Response!.Elements.ToList();
        var prefixes = Prefixes(answer.Exchange);
        var checkedFields = fields.Where(f => prefixes.ContainsKey((f.Namespace.NamespaceName, f.Name))).ToList();
        if (checkedFields.Count == 0)
        {
            return call.NotApplicable(fields.Count == 0 ? "This answer has no child elements." : "No child element is in the chat namespace.", [answer.Exchange.Id]);
        }
        var wrong = checkedFields.Where(f => prefixes[(f.Namespace.NamespaceName, f.Name)] != f.Prefix).ToList();
        return wrong.Count == 0
            ? call.Pass($"Prefix {fields[0].Prefix}.", [answer.Exchange.Id])
            : call.Fail("Clients that match on the literal prefix will not find these elements.",
                string.Join(", ", wrong.Select(f => $"{f.Prefix}:{f.Name}")), string.Join(", ", wrong.Select(f => $"{Prefixed(prefixes[(f.Namespace.NamespaceName, f.Name)])}{f.Name}")), [answer.Exchange.Id]);
    }

    /// <summary>The gate of the rules that read the document: a 200 with a readable, parsed body.</summary>
    internal static Finding? Content(CheckCall call, Answer answer) =>
        Gate(call, answer) ?? (answer.Unreadable is { } why ? call.Untestable($"Not checked: {why}.", [answer.Exchange.Id]) : null);

    private static Finding? TooLarge(CheckCall call, Answer answer) =>
        answer.Exchange.BodyTruncated ? call.Untestable("The body was too large to read (see ECE-GN-013).", [answer.Exchange.Id]) : null;

    /// <summary>The prefix each element was written with, which LINQ to XML does not keep.</summary>
    private static Dictionary<(string, string), string> Prefixes(Exchange x)
    {
        var found = new Dictionary<(string, string), string>();
        using var reader = SafeXml.CreateReader(x.Content!, x.Charset);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                found.TryAdd((reader.NamespaceURI, reader.LocalName), reader.Prefix);
            }
        }
        return found;
    }

    private static string Prefixed(string prefix) => prefix.Length == 0 ? "" : prefix + ":";

    internal static string Name(System.Xml.Linq.XName name) =>
        name.Namespace == System.Xml.Linq.XNamespace.None ? $"<{name.LocalName}> in no namespace" : $"<{name.LocalName}> in {name.NamespaceName}";

    internal static string Excerpt(string? body) => body is null ? "(no body)" : SafeXml.Cut(body, 200);
}
