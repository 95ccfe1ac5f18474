using System.Text.Json;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules that need requests of their own: bad ids, an entry point that does not exist, other Accept headers.</summary>
public static class ProbeChecks
{
    public const string NotAnInteger = "abc";
    public const string BeyondLong = "9223372036854775808";

    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["malformed-id"] = (CheckScope.Operation, (call, cancel) => ClientError(call, NotAnInteger, cancel)),
        ["overflow-id"] = (CheckScope.Operation, (call, cancel) => ClientError(call, BeyondLong, cancel)),
        ["not-acceptable"] = (CheckScope.Operation, NotAcceptable),
        ["json"] = (CheckScope.Operation, Json),
        ["unknown-entry-point"] = (CheckScope.Operation, UnknownEntryPoint),
        ["invalid-entry-point"] = (CheckScope.Operation, InvalidEntryPoint),
    };

    private static async Task<Finding> ClientError(CheckCall call, string id, CancellationToken cancel)
    {
        var x = await Send(call, id, call.Context.Settings.Accept, cancel);
        return x switch
        {
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            { Status: >= 400 and < 500 } => call.Pass($"The id \"{id}\" is answered {x.Status}.", [x.Id]),
            _ => call.Fail($"The id \"{id}\" is answered {x.Status}.", "a 4xx status", $"{x.Status}", [x.Id]),
        };
    }

    private static async Task<Finding> NotAcceptable(CheckCall call, CancellationToken cancel)
    {
        var x = await Send(call, call.Context.Settings.EntryPoints[0], "image/png", cancel);
        return x switch
        {
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            { Status: 406 } => call.Pass("Answered 406.", [x.Id]),
            _ => call.Fail($"Accept: image/png is answered {x.Status} {x.MediaType}.", "406", $"{x.Status}", [x.Id]),
        };
    }

    private static async Task<Finding> Json(CheckCall call, CancellationToken cancel)
    {
        var x = await Send(call, call.Context.Settings.EntryPoints[0], "application/json", cancel);
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        if (x.Status != 200 || x.MediaType?.EndsWith("json", StringComparison.Ordinal) != true)
        {
            return call.Fail("No JSON form is served.", "200 application/json", $"{x.Status} {x.MediaType}", [x.Id]);
        }
        try
        {
            using var json = JsonDocument.Parse(x.Body ?? "");
            var problems = call.Operation!.Response!.Fields.Where(f => f.Required).Select(f => Problem(json.RootElement, f)).OfType<string>().ToList();
            return problems.Count == 0
                ? call.Pass(AnswerChecks.Excerpt(x.Body), [x.Id])
                : call.Fail(string.Join(" ", problems), "a JSON object with the documented fields", AnswerChecks.Excerpt(x.Body), [x.Id]);
        }
        catch (JsonException e)
        {
            return call.Fail($"The JSON does not parse: {e.Message}", "JSON", AnswerChecks.Excerpt(x.Body), [x.Id]);
        }
    }

    private static string? Problem(JsonElement root, Field field)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(field.Name, out var value))
        {
            return $"No top-level {field.Name}.";
        }
        var ok = field.Type switch
        {
            FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldType.Text => value.ValueKind == JsonValueKind.String,
            _ => value.ValueKind == JsonValueKind.Number,
        };
        return ok ? null : $"{field.Name} is a JSON {value.ValueKind}, not {field.Describe()}.";
    }

    private static async Task<Finding> UnknownEntryPoint(CheckCall call, CancellationToken cancel)
    {
        var answer = Answer.From(call.Operation!, call.Context.Settings.InvalidEntryPoint, await Send(call, call.Context.Settings.InvalidEntryPoint, call.Context.Settings.Accept, cancel));
        int[] ids = [answer.Exchange.Id];
        if (answer.Exchange.Status == 500)
        {
            return call.Pass("Answered 500, which the source documents.", ids);
        }
        if (answer.Unreadable is { } why)
        {
            return call.Untestable($"Not checked: {why}.", ids);
        }
        // A field claims a chat can start when it is a true availability, or an enumeration at its default (eligible).
        var claims = call.Operation!.Response!.Fields
            .Where(f => (f.Quantity is Quantity.AgentsAvailable or Quantity.ChatAllowed && answer.Valid(f) is { } v && Lexical.ParseBoolean(v) == true)
                || (f.IsEnum && answer.Valid(f) is { } e && f.Member(e)?.When.Count == 0 && f.Resolve(new HashSet<string>()) is not null))
            .Select(f => $"{f.Name}=\"{answer.Raw(f)}\"").ToList();
        return claims.Count == 0
            ? call.Pass($"Entry point {answer.EntryPoint}: nothing available.", ids)
            : call.Fail($"Entry point {answer.EntryPoint} does not exist, yet the answer invites a chat.", "nothing available", string.Join(", ", claims), ids);
    }

    private static async Task<Finding> InvalidEntryPoint(CheckCall call, CancellationToken cancel)
    {
        var id = call.Context.Settings.InvalidEntryPoint;
        var answer = Answer.From(call.Operation!, id, await Send(call, id, call.Context.Settings.Accept, cancel));
        int[] ids = [answer.Exchange.Id];
        var allowed = answer.FieldFor(Quantity.ChatAllowed);
        var reason = answer.FieldFor(Quantity.Conditions);
        var expected = reason.Members.Single(m => m.When.Contains(Condition.UnknownEntryPoint)).Value;
        var wanted = $"200 with {allowed.Name}=\"false\" {reason.Name}=\"{expected}\"";
        if (!answer.Exchange.Answered)
        {
            return call.Untestable($"No answer: {answer.Exchange.Error}", ids);
        }
        if (answer.Unreadable is { } why)
        {
            return call.Fail($"Entry point {id}: {why}.", wanted, $"{answer.Exchange.Status}", ids);
        }
        var actual = $"{allowed.Name}=\"{answer.Raw(allowed)}\" {reason.Name}=\"{answer.Raw(reason)}\"";
        return answer.Valid(allowed) is { } a && Lexical.ParseBoolean(a) == false && answer.Raw(reason) == expected
            ? call.Pass($"Entry point {id}: {actual}.", ids)
            : call.Fail($"Entry point {id} does not exist.", wanted, actual, ids);
    }

    private static Task<Exchange> Send(CheckCall call, string id, string accept, CancellationToken cancel) =>
        call.Context.Target.SendAsync(HttpMethod.Get, call.Context.PathOf(call.Operation!, id), accept, cancel: cancel);
}
