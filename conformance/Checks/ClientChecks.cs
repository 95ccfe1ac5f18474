using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules drawn from how real clients call the API (spec/observed.yaml): the query string they append,
/// the time they wait, and the cross-origin headers a page on another host needs.</summary>
internal static class ClientChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["client-query"] = (CheckScope.OperationAndEntryPoint, ClientQuery),
        ["latency"] = (CheckScope.OperationAndEntryPoint, Latency),
        ["cors-get"] = (CheckScope.Operation, CorsGet),
        ["cors-preflight"] = (CheckScope.Operation, CorsPreflight),
    };

    /// <summary>The answer with the clients' query string appended is the answer without it. The state may change
    /// between the two requests, so a difference is asked again once before it is reported.</summary>
    private static async Task<Finding> ClientQuery(CheckCall call, CancellationToken cancel)
    {
        var plain = await AnswerChecks.AnswerOf(call, cancel);
        if (Unjudged(call, plain.Exchange) is { } unjudged)
        {
            return unjudged;
        }
        var withQuery = await WithQuery(call, cancel);
        var difference = Difference(plain, withQuery);
        if (difference is not null && withQuery.Exchange.Answered)
        {
            var again = await call.Context.FetchAsync(call.Operation!, call.EntryPoint!, cancel);
            var againWithQuery = await WithQuery(call, cancel);
            difference = Difference(again, againWithQuery);
            if (difference is null)
            {
                return call.Pass("The same answer with and without the query string (on the second try: the state changed in between).",
                    [plain.Exchange.Id, withQuery.Exchange.Id, again.Exchange.Id, againWithQuery.Exchange.Id]);
            }
        }
        int[] ids = [plain.Exchange.Id, withQuery.Exchange.Id];
        return !withQuery.Exchange.Answered
            ? call.Untestable($"No answer with the query string: {withQuery.Exchange.Error}", ids)
            : difference is null
            ? call.Pass($"The same answer with the query string clients append ({withQuery.Exchange.Status}).", ids)
            : call.Fail("The query string that clients append changes the answer.", "the answer without the query string", difference, ids);
    }

    private static async Task<Answer> WithQuery(CheckCall call, CancellationToken cancel)
    {
        var query = call.Context.Spec.ClientQuery.Replace(Operation.IdParameter, Uri.EscapeDataString(call.EntryPoint!), StringComparison.Ordinal);
        var x = await call.Context.Target.SendAsync(HttpMethod.Get, call.Context.PathOf(call.Operation!, call.EntryPoint) + "?" + query,
            call.Context.Settings.Accept, operation: call.Operation!.Id, cancel: cancel);
        return Answer.From(call.Operation!, call.EntryPoint!, x);
    }

    private static string? Difference(Answer plain, Answer query)
    {
        if (plain.Exchange.Status != query.Exchange.Status)
        {
            return $"{query.Exchange.Status?.ToString() ?? query.Exchange.Error} with it, {plain.Exchange.Status} without";
        }
        if ((plain.Unreadable is null) != (query.Unreadable is null))
        {
            return $"with it: {query.Unreadable ?? "a readable answer"}; without: {plain.Unreadable ?? "a readable answer"}";
        }
        if (plain.Document?.Root?.Name != query.Document?.Root?.Name)
        {
            return $"root <{query.Document?.Root?.Name.LocalName}> with it, <{plain.Document?.Root?.Name.LocalName}> without";
        }
        var (a, b) = (plain.Values(), query.Values());
        var changed = a.Keys.Union(b.Keys).Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k)).ToList();
        return changed.Count == 0 ? null : string.Join(", ", changed.Select(k => $"{k}=\"{b.GetValueOrDefault(k)}\" with it, \"{a.GetValueOrDefault(k)}\" without"));
    }

    /// <summary>Polling clients give up on an answer after a few seconds (5 s in alphagov's webchat.js) and stop polling.</summary>
    private static async Task<Finding> Latency(CheckCall call, CancellationToken cancel)
    {
        var x = (await AnswerChecks.AnswerOf(call, cancel)).Exchange;
        var budget = call.Context.Settings.LatencyBudget;
        var limit = $"within {budget.TotalSeconds:0.###} s";
        return x switch
        {
            { Failure: ExchangeFailure.Timeout } when call.Context.Target.Options.Timeout >= budget =>
                call.Fail($"No complete answer in {call.Context.Target.Options.Timeout.TotalSeconds:0.###} s.", limit, x.Error, [x.Id]),
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            _ when x.ElapsedMs <= budget.TotalMilliseconds => call.Pass($"Answered in {x.ElapsedMs} ms.", [x.Id]),
            _ => call.Fail($"Answered in {x.ElapsedMs} ms: polling clients have given up by then.", limit, $"{x.ElapsedMs} ms", [x.Id]),
        };
    }

    /// <summary>A chat button on another host reads the answer only if the target allows its origin.</summary>
    private static async Task<Finding> CorsGet(CheckCall call, CancellationToken cancel)
    {
        if (call.Context.Settings.Origin is not { } origin)
        {
            return NoOrigin(call);
        }
        if (await ProbeChecks.RouteMissing(call, cancel) is { } missing)
        {
            return missing;
        }
        var x = await call.Context.Target.SendAsync(HttpMethod.Get, call.Context.PathOf(call.Operation!, call.Context.Settings.EntryPoints[0]),
            call.Context.Settings.Accept, operation: call.Operation!.Id, headers: [KeyValuePair.Create("Origin", origin)], cancel: cancel);
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        var allowed = Header(x, "Access-Control-Allow-Origin");
        if (new Uri(x.Url).GetLeftPart(UriPartial.Authority).Equals(origin, StringComparison.OrdinalIgnoreCase))
        {
            // The site serves ECE under its own origin (a reverse proxy): a browser asks no allowance of itself.
            return call.Pass($"{origin} is the target's own origin: no cross-origin allowance is needed.", [x.Id]);
        }
        return allowed == origin || allowed == "*"
            ? call.Pass($"Access-Control-Allow-Origin: {allowed}.", [x.Id])
            : call.Fail($"A page on {origin} cannot read this answer; a browser there reports: Access to fetch at '{x.Url}' from origin '{origin}' has been blocked by CORS policy: "
                + (allowed is null ? "No 'Access-Control-Allow-Origin' header is present on the requested resource." : $"The 'Access-Control-Allow-Origin' header has a value '{allowed}' that is not equal to the supplied origin."),
                $"Access-Control-Allow-Origin: {origin} (or *)", allowed ?? "(no Access-Control-Allow-Origin)", [x.Id]);
    }

    /// <summary>The survey is a POST with an XML content type, which is not CORS-safelisted: the browser asks first (OPTIONS).</summary>
    private static async Task<Finding> CorsPreflight(CheckCall call, CancellationToken cancel)
    {
        if (call.Context.Settings.Origin is not { } origin)
        {
            return NoOrigin(call);
        }
        if (!call.Context.Settings.AllowWrites)
        {
            return call.Skipped("The survey's preflight is judged with --origin and --allow-writes (a read-only run makes no claim about the survey).");
        }
        var x = await call.Context.Target.SendAsync(HttpMethod.Options, call.Context.PathOf(call.Operation!), operation: call.Operation!.Id, headers:
        [
            KeyValuePair.Create("Origin", origin),
            KeyValuePair.Create("Access-Control-Request-Method", call.Operation.Method.Method),
            KeyValuePair.Create("Access-Control-Request-Headers", "content-type"),
        ], cancel: cancel);
        if (!x.Answered)
        {
            return call.Untestable($"No answer: {x.Error}", [x.Id]);
        }
        var allowOrigin = Header(x, "Access-Control-Allow-Origin");
        var allowHeaders = (Header(x, "Access-Control-Allow-Headers") ?? "").Split(',', StringSplitOptions.TrimEntries);
        var problems = new List<string>();
        if (!StatusClass.Success(x.Status)) { problems.Add($"the preflight is answered {x.Status}"); }
        if (allowOrigin != origin && allowOrigin != "*") { problems.Add($"Access-Control-Allow-Origin is {allowOrigin ?? "absent"}"); }
        if (!allowHeaders.Any(h => h == "*" || h.Equals("content-type", StringComparison.OrdinalIgnoreCase))) { problems.Add("Content-Type is not among Access-Control-Allow-Headers"); }
        return problems.Count == 0
            ? call.Pass($"The preflight from {origin} is allowed ({x.Status}).", [x.Id])
            : call.Fail($"A page on {origin} cannot post the survey: {string.Join("; ", problems)}; a browser there reports: Access to fetch at '{x.Url}' from origin '{origin}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check"
                + (!StatusClass.Success(x.Status) ? ": It does not have HTTP ok status." : allowOrigin is null ? ": No 'Access-Control-Allow-Origin' header is present on the requested resource." : allowOrigin != origin && allowOrigin != "*" ? $": The 'Access-Control-Allow-Origin' header has a value '{allowOrigin}' that is not equal to the supplied origin." : ". Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response."), $"2xx, Access-Control-Allow-Origin: {origin}, Access-Control-Allow-Headers: content-type", string.Join("; ", problems), [x.Id]);
    }

    private static Finding NoOrigin(CheckCall call) =>
        call.Skipped("Cross-origin is checked with --origin https://www.example.com (the site your chat button runs on).");

    private static Finding? Unjudged(CheckCall call, Exchange x) =>
        !x.Answered ? call.Untestable($"No answer: {x.Error}", [x.Id])
        : ProbeChecks.RouteMissing(call, x);

    private static string? Header(Exchange x, string name) =>
        x.ResponseHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
