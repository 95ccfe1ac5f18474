using System.Net;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules that need requests of their own: bad ids, an entry point that does not exist, other Accept headers.</summary>
internal static class ProbeChecks
{
    public const string NotAnInteger = "abc";
    public const string BeyondLong = "9223372036854775808";

    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["malformed-id"] = (CheckScope.Operation, (call, cancel) => NotOpen(call, NotAnInteger, cancel)),
        ["overflow-id"] = (CheckScope.Operation, (call, cancel) => NotOpen(call, BeyondLong, cancel)),
        ["bad-id-status"] = (CheckScope.Operation, BadIdStatus),
        ["not-acceptable"] = (CheckScope.Operation, NotAcceptable),
        ["unknown-entry-point"] = (CheckScope.Operation, UnknownEntryPoint),
        ["invalid-entry-point"] = (CheckScope.Operation, InvalidEntryPoint),
    };

    /// <summary>What clients depend on for an id that cannot be an entry point: it is never answered as an open
    /// entry point, nor with a real entry point's figures. Any status, a 500 or a 200 that says "no" included, passes.</summary>
    private static async Task<Finding> NotOpen(CheckCall call, string id, CancellationToken cancel)
    {
        if (await RouteMissing(call, cancel) is { } missing)
        {
            return missing;
        }
        var answer = await BadId(call, id, cancel);
        var x = answer.Exchange;
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        if (x.Status != answer.Operation.SuccessStatus || answer.Unreadable is not null)
        {
            return call.Pass($"The id \"{id}\" is answered {x.Status}: not as an open entry point.", [x.Id]);
        }
        if (answer.Invitations() is { Count: > 0 } invitations)
        {
            return call.Fail($"The id \"{id}\" cannot be an entry point, yet the answer invites a chat.", "nothing that invites a chat", string.Join(", ", invitations), [x.Id]);
        }
        var values = answer.Values();
        foreach (var entryPoint in call.Context.Settings.EntryPoints)
        {
            var real = await call.Context.AnswerAsync(call.Operation!, entryPoint, cancel);
            if (real.Unreadable is null && SameFigures(values, real.Values())
                && await call.Context.AnswerAsync(call.Operation!, call.Context.Settings.InvalidEntryPoint, cancel) is var unknown
                && !(unknown.Unreadable is null && SameFigures(values, unknown.Values())))
            {
                // Figures that an unknown entry point gets too are the operation's, not an entry point's (a count over all agents).
                return call.Fail($"The id \"{id}\" is answered with the figures of entry point {entryPoint}: the id was read as another one.",
                    "no figures of a real entry point", Observed(values), [x.Id, real.Exchange.Id]);
            }
        }
        return call.Pass($"The id \"{id}\" is answered {x.Status} with nothing that invites a chat: {Observed(values)}.", [x.Id]);
    }

    /// <summary>JAX-RS, on which ECE runs, answers 404 for an id that is not a long; any 4xx says "your error".</summary>
    private static async Task<Finding> BadIdStatus(CheckCall call, CancellationToken cancel)
    {
        if (await RouteMissing(call, cancel) is { } missing)
        {
            return missing;
        }
        var answers = new[] { await BadId(call, NotAnInteger, cancel), await BadId(call, BeyondLong, cancel) };
        var ids = answers.Select(a => a.Exchange.Id).ToList();
        if (answers.FirstOrDefault(a => !a.Exchange.Answered) is { } silent)
        {
            return call.Untestable($"No answer: {silent.Exchange.Error}", ids);
        }
        var wrong = answers.Where(a => !StatusClass.ClientError(a.Exchange.Status)).ToList();
        var observed = string.Join(", ", answers.Select(a => $"\"{a.EntryPoint}\" {a.Exchange.Status}"));
        return wrong.Count == 0
            ? call.Pass($"Answered {observed}.", ids)
            : call.Fail($"An id that cannot be an entry point is not answered as the client's error: {observed}.", "a 4xx status (JAX-RS: 404)", observed, ids);
    }

    /// <summary>Each bad id is asked once per operation, whatever the number of rules that judge the answer.</summary>
    private static Task<Answer> BadId(CheckCall call, string id, CancellationToken cancel) =>
        call.Context.Once($"bad id {call.Operation!.Id} {id}", async () => Answer.From(call.Operation!, id, await Send(call, id, call.Context.Settings.Accept, cancel)));

    /// <summary>A rule about one kind of request to a route cannot be judged when the route itself is not served.</summary>
    internal static async Task<Finding?> RouteMissing(CheckCall call, CancellationToken cancel)
    {
        var shared = await call.Context.AnswerAsync(call.Operation!, call.Context.Settings.EntryPoints[0], cancel);
        return RouteMissing(call, shared.Exchange);
    }

    internal static Finding? RouteMissing(CheckCall call, Exchange x) => AnswerChecks.NotServed(x)
        ? call.Untestable($"Not judged: the route itself is not served ({x.Status}; see ECE-GN-001).", [x.Id])
        : null;

    /// <summary>Two answers carry the same figures when every value is the same and some number is above zero:
    /// zeros and "no" are what every closed or unknown entry point answers, figures are not.</summary>
    private static bool SameFigures(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count > 0 && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value)
        && a.Values.Any(Lexical.IsPositive);

    private static string Observed(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? "no documented field" : string.Join(" ", values.Select(p => $"{p.Key}=\"{p.Value}\""));

    private static async Task<Finding> NotAcceptable(CheckCall call, CancellationToken cancel)
    {
        var x = await Send(call, call.Context.Settings.EntryPoints[0], "image/png", cancel);
        return x switch
        {
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            { Status: (int)HttpStatusCode.NotAcceptable } => call.Pass($"Answered {x.Status}.", [x.Id]),
            _ => call.Fail($"Accept: image/png is answered {x.Status} {x.MediaType}.", $"{(int)HttpStatusCode.NotAcceptable}", $"{x.Status}", [x.Id]),
        };
    }

    private static async Task<Finding> UnknownEntryPoint(CheckCall call, CancellationToken cancel)
    {
        var answer = Answer.From(call.Operation!, call.Context.Settings.InvalidEntryPoint, await Send(call, call.Context.Settings.InvalidEntryPoint, call.Context.Settings.Accept, cancel));
        int[] ids = [answer.Exchange.Id];
        if (StatusClass.ServerError(answer.Exchange.Status) && call.Operation!.Documents(answer.Exchange.Status!.Value))
        {
            return call.Pass($"Answered {answer.Exchange.Status}, which the source documents.", ids);
        }
        if (answer.Unreadable is { } why)
        {
            return call.Untestable($"Not checked: {why}.", ids);
        }
        var claims = answer.Invitations();
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
        var expected = reason.MemberWhen(Condition.UnknownEntryPoint)!.Value;
        var wanted = $"{call.Operation!.SuccessStatus} with {allowed.Name}=\"{Lexical.Format(false)}\" {reason.Name}=\"{expected}\"";
        if (!answer.Exchange.Answered)
        {
            return call.Untestable($"No answer: {answer.Exchange.Error}", ids);
        }
        if (answer.Unreadable is { } why)
        {
            return call.Fail($"Entry point {id}: {why}.", wanted, $"{answer.Exchange.Status}", ids);
        }
        var actual = $"{allowed.Name}=\"{answer.Raw(allowed)}\" {reason.Name}=\"{answer.Raw(reason)}\"";
        return answer.ValidValue(allowed) is { } a && Lexical.ParseBoolean(a) == false && answer.Raw(reason) == expected
            ? call.Pass($"Entry point {id}: {actual}.", ids)
            : call.Fail($"Entry point {id} does not exist.", wanted, actual, ids);
    }

    internal static Task<Exchange> Send(CheckCall call, string id, string accept, CancellationToken cancel) =>
        call.Context.Target.SendAsync(HttpMethod.Get, call.Context.PathOf(call.Operation!, id), accept, operation: call.Operation!.Id, cancel: cancel);
}
