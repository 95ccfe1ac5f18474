using System.Text.Json;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>The JSON form (Accept: application/json): whether it is served (information), and whether its values
/// have the JSON types a client tests them with (a MUST once it is served).</summary>
internal static class JsonChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["json"] = (CheckScope.Operation, Served),
        ["json-types"] = (CheckScope.Operation, Types),
    };

    /// <summary>The JSON answer of the operation for the first entry point, asked once for every rule that judges it.</summary>
    private static Task<Exchange> JsonAnswer(CheckCall call, CancellationToken cancel) =>
        call.Context.Once($"json {call.Operation!.Id}", () => ProbeChecks.Send(call, call.Context.Settings.EntryPoints[0], MediaTypes.Json, cancel));

    private static async Task<Finding> Served(CheckCall call, CancellationToken cancel)
    {
        var x = await JsonAnswer(call, cancel);
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        if (x.Status != call.Operation!.SuccessStatus || !MediaTypes.IsJson(x.MediaType))
        {
            return call.Fail("No JSON form is served.", $"{call.Operation.SuccessStatus} {MediaTypes.Json}", $"{x.Status} {x.MediaType}", [x.Id]);
        }
        if (Parse(x) is not { } root)
        {
            return call.Fail("The JSON does not parse.", "JSON", AnswerChecks.Excerpt(x.Body), [x.Id]);
        }
        var missing = call.Operation.Response!.Fields.Where(f => f.Required && !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty(f.Name, out _))).ToList();
        var problems = missing.Select(f => $"No top-level {f.Name}.").Concat(Mistyped(call.Operation, root)).ToList();
        return problems.Count == 0
            ? call.Pass(AnswerChecks.Excerpt(x.Body), [x.Id])
            : call.Fail(string.Join(" ", problems), "a JSON object with the documented fields", AnswerChecks.Excerpt(x.Body), [x.Id]);
    }

    /// <summary>A client tests the JSON values as JSON: the string "false" is truthy, so it shows the button.</summary>
    private static async Task<Finding> Types(CheckCall call, CancellationToken cancel)
    {
        var x = await JsonAnswer(call, cancel);
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        // Judged whatever the label: AngularJS's $http (OVH's client) parses a body that looks like JSON even under text/plain.
        if (x.Status != call.Operation!.SuccessStatus || Parse(x) is not { ValueKind: JsonValueKind.Object } root)
        {
            return call.NotApplicable("No JSON object is served, so there are no JSON values to judge (see ECE-JS-001, ECE-JS-002).", [x.Id]);
        }
        var present = call.Operation.Response!.Fields.Where(f => root.TryGetProperty(f.Name, out _)).ToList();
        if (present.Count == 0)
        {
            return call.NotApplicable("None of the documented fields is in the JSON (see ECE-JS-001, ECE-JS-002).", [x.Id]);
        }
        var problems = Mistyped(call.Operation, root).ToList();
        return problems.Count == 0
            ? call.Pass($"{string.Join(", ", present.Select(f => f.Name))} with their JSON types.", [x.Id])
            : call.Fail(string.Join(" ", problems), string.Join(", ", present.Select(f => $"{f.Name}: {Kind(f)}")), AnswerChecks.Excerpt(x.Body), [x.Id]);
    }

    private static IEnumerable<string> Mistyped(Operation operation, JsonElement root) =>
        root.ValueKind != JsonValueKind.Object
            ? ["The JSON is not an object."]
            : operation.Response!.Fields
                .Where(f => root.TryGetProperty(f.Name, out var value) && !Fits(f, value.ValueKind))
                .Select(f => $"{f.Name} is a JSON {root.GetProperty(f.Name).ValueKind.ToString().ToLowerInvariant()}, not a JSON {Kind(f)}.");

    private static bool Fits(Field field, JsonValueKind kind) => field.Type switch
    {
        FieldType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
        FieldType.Text or FieldType.List => kind is JsonValueKind.String or JsonValueKind.Array,
        _ => kind == JsonValueKind.Number,
    };

    private static string Kind(Field field) => field.Type switch
    {
        FieldType.Boolean => "boolean",
        FieldType.Text or FieldType.List => "string",
        _ => "number",
    };

    private static JsonElement? Parse(Exchange x)
    {
        try
        {
            // Browsers, jQuery and AngularJS skip a UTF-8 byte order mark before JSON; so does this reader.
            var content = x.Content ?? [];
            using var json = JsonDocument.Parse(content.AsMemory(content.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? 3 : 0));
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
