using Ece.ReferenceServer.Faults;
using Microsoft.AspNetCore.Http.HttpResults;
using Ece.ReferenceServer.Scenarios;
using Ece.ReferenceServer.State;
using Ece.ReferenceServer.Survey;
using Ece.Spec;
using StateResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Ece.ReferenceServer.Scenarios.ScenarioCatalog.ScenarioFile>,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace Ece.ReferenceServer.Control;

/// <summary>The control API: read and change the state at runtime, inject faults, read the stored surveys.
/// Mapped only when the server is started with --control; it is a test tool, not part of ECE.</summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/control";

    private const int MaxStateBytes = 1024 * 1024;
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder routes, EceSpec spec, string? token = null)
    {
        var control = routes.MapGroup(Prefix).RequireToken(token);
        MapState(control);
        MapFaults(control, spec);
        MapSurveys(control);
        return routes;
    }

    /// <summary>The state: read, replaced whole, set to a scenario's, or patched one service, entry point, queue or
    /// agent at a time.</summary>
    private static void MapState(RouteGroupBuilder control)
    {
        control.MapMethods("/state", GetAndHead.Methods, (StateStore store) => TypedResults.Json(ScenarioCatalog.ScenarioFile.From(store.Current), ScenarioJson.Default.ScenarioFile));
        control.MapPut("/state", PutState);
        control.MapMethods("/scenarios", GetAndHead.Methods, () => TypedResults.Ok(ScenarioCatalog.Names.Select(n => new ScenarioListed(n, ScenarioCatalog.Load(n).Description))));
        control.MapPost("/scenarios/{name}", StateResult (string name, StateStore store) =>
            ScenarioCatalog.Names.Contains(name)
                ? Change(store, _ => ScenarioCatalog.Load(name).State)
                : NotFound($"No scenario {name}. Scenarios: {string.Join(", ", ScenarioCatalog.Names)}."));

        control.MapPatch("/service", StateResult (ServicePatch patch, StateStore store) =>
            patch.Running is not { } running ? Empty() : Change(store, s => s with { ServiceRunning = running }));
        control.MapPatch("/entry-points/{id:long}", StateResult (long id, EntryPointPatch patch, StateStore store) =>
            Patch(store, patch == new EntryPointPatch(null, null, null, null, null), store.Current.EntryPoint(id) is not null, $"No entry point {id}.",
                s => s with { EntryPoints = s.EntryPoints.Select(e => e.Id == id ? patch.ApplyTo(e) : e).ToList() }));
        control.MapPatch("/queues/{name}", StateResult (string name, QueuePatch patch, StateStore store) =>
            Patch(store, patch == new QueuePatch(null, null, null), store.Current.Queue(name) is not null, $"No queue {name}.",
                s => s with { Queues = s.Queues.Select(q => q.Name == name ? patch.ApplyTo(q) : q).ToList() }));
        control.MapPatch("/agents/{name}", StateResult (string name, AgentPatch patch, StateStore store) =>
            Patch(store, patch == new AgentPatch(null, null, null, null), store.Current.Agents.Any(a => a.Name == name), $"No agent {name}.",
                s => s with { Agents = s.Agents.Select(a => a.Name == name ? patch.ApplyTo(a) : a).ToList() }));
    }

    private static async Task<StateResult> PutState(HttpRequest request, StateStore store, CancellationToken cancel)
    {
        try
        {
            using var body = await ReadAtMost(request.Body, MaxStateBytes, cancel);
            if (body.Length > MaxStateBytes)
            {
                return TypedResults.Problem($"A state is at most {MaxStateBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            var scenario = ScenarioCatalog.Parse(body, "the request body");
            return Change(store, _ => scenario.State);
        }
        catch (ScenarioException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The body whole, read from its start, but never more than one byte past <paramref name="max"/>, whatever
    /// the client sends: Kestrel forbids synchronous reads, and a state is small.</summary>
    private static async Task<MemoryStream> ReadAtMost(Stream source, int max, CancellationToken cancel)
    {
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        for (int read; body.Length <= max && (read = await source.ReadAsync(buffer, cancel)) > 0;)
        {
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        return body;
    }

    /// <summary>Faults injected per operation: listed, set, cleared one or all.</summary>
    private static void MapFaults(RouteGroupBuilder control, EceSpec spec)
    {
        control.MapMethods("/faults", GetAndHead.Methods, (FaultInjector faults) => TypedResults.Ok(faults.Current));
        control.MapPut("/faults/{operation}", (string operation, Fault fault, FaultInjector faults) => SetFault(spec, operation, fault, faults));
        control.MapDelete("/faults/{operation}", Results<NoContent, ProblemHttpResult> (string operation, FaultInjector faults) =>
            faults.Clear(operation) ? TypedResults.NoContent() : NotFound($"No fault on {operation}."));
        control.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.ClearAll();
            return TypedResults.NoContent();
        });
    }

    private static Results<Ok<IReadOnlyDictionary<string, Fault>>, ProblemHttpResult> SetFault(EceSpec spec, string operation, Fault fault, FaultInjector faults)
    {
        if (spec.Operations.All(o => o.Id != operation))
        {
            return NotFound($"No operation {operation}. Operations: {string.Join(", ", spec.Operations.Select(o => o.Id))}.");
        }
        var problems = fault.Problems().ToList();
        if (problems.Count > 0)
        {
            return TypedResults.Problem(string.Join("; ", problems), statusCode: StatusCodes.Status400BadRequest);
        }
        faults.Set(operation, fault);
        return TypedResults.Ok(faults.Current);
    }

    /// <summary>The stored surveys, paged: a full store is tens of megabytes, which no one wants in one answer.</summary>
    private static void MapSurveys(RouteGroupBuilder control)
    {
        control.MapMethods("/surveys", GetAndHead.Methods, SurveyPage);
        control.MapDelete("/surveys", (SurveyStore store) => TypedResults.Ok(new SurveysCleared(store.Clear())));
    }

    private static Results<Ok<IReadOnlyList<StoredSurvey>>, ProblemHttpResult> SurveyPage(SurveyStore store, HttpResponse response, int? offset, int? limit)
    {
        if (offset < 0 || limit is < 1 or > MaxPage)
        {
            return TypedResults.Problem($"offset must be 0 or more and limit from 1 to {MaxPage}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var (page, total) = store.Page(offset ?? 0, limit ?? DefaultPage);
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page);
    }

    /// <summary>A patch of one part of the state: refused if it changes nothing, not found if the part is not there
    /// (in that order), else applied.</summary>
    private static StateResult Patch(StateStore store, bool changesNothing, bool exists, string missing, Func<ChatState, ChatState> change) =>
        (changesNothing, exists) switch
        {
            (true, _) => Empty(),
            (_, false) => NotFound(missing),
            _ => Change(store, change),
        };

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    private static StateResult Change(StateStore store, Func<ChatState, ChatState> change)
    {
        var problems = store.Update(change);
        return problems.Count == 0
            ? TypedResults.Json(ScenarioCatalog.ScenarioFile.From(store.Current), ScenarioJson.Default.ScenarioFile)
            : TypedResults.Problem("The change was not applied: " + string.Join("; ", problems), statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>A patch that changes nothing is a mistake (a misspelt member is refused by the JSON reader already).</summary>
    private static ProblemHttpResult Empty() => TypedResults.Problem("The patch changes nothing: give at least one member.", statusCode: StatusCodes.Status400BadRequest);

    public sealed record ServicePatch(bool? Running);

    public sealed record EntryPointPatch(bool? Active, bool? AgentsRequired, bool? OutsideBusinessHours, bool? DataUnavailable, string? Queue)
    {
        public EntryPoint ApplyTo(EntryPoint e) => e with
        {
            Active = Active ?? e.Active,
            AgentsRequired = AgentsRequired ?? e.AgentsRequired,
            OutsideBusinessHours = OutsideBusinessHours ?? e.OutsideBusinessHours,
            DataUnavailable = DataUnavailable ?? e.DataUnavailable,
            Queue = Queue ?? e.Queue,
        };
    }

    public sealed record QueuePatch(int? MaxDepth, int? ChatsWaiting, decimal? WaitTime)
    {
        public QueueState ApplyTo(QueueState q) => q with
        {
            MaxDepth = MaxDepth ?? q.MaxDepth,
            ChatsWaiting = ChatsWaiting ?? q.ChatsWaiting,
            WaitTime = WaitTime ?? q.WaitTime,
        };
    }

    public sealed record AgentPatch(bool? Available, int? MaxLoad, int? CurrentLoad, IReadOnlyList<string>? Queues)
    {
        public Agent ApplyTo(Agent a) => a with
        {
            Available = Available ?? a.Available,
            MaxLoad = MaxLoad ?? a.MaxLoad,
            CurrentLoad = CurrentLoad ?? a.CurrentLoad,
            Queues = Queues ?? a.Queues,
        };
    }
}

/// <summary>A scenario as GET /control/scenarios lists it. Named types, not anonymous ones: the request delegate
/// generator cannot write an anonymous type's name.</summary>
internal sealed record ScenarioListed(string Name, string Description);

/// <summary>What DELETE /control/surveys answers: how many surveys were dropped.</summary>
internal sealed record SurveysCleared(int Cleared);
