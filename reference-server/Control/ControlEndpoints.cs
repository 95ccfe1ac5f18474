using Ece.ReferenceServer.Scenarios;
using Ece.ReferenceServer.State;
using Ece.ReferenceServer.Survey;
using Ece.Spec;

namespace Ece.ReferenceServer.Control;

/// <summary>The control API: read and change the state at runtime, inject faults, read the stored surveys.
/// Mapped only when the server is started with --control; it is a test tool, not part of ECE.</summary>
public static class ControlEndpoints
{
    public const string Prefix = "/control";

    private const int MaxStateBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder routes, EceSpec spec)
    {
        var control = routes.MapGroup(Prefix);

        control.MapGetAndHead("/state", (StateStore store) => TypedResults.Json(ScenarioCatalog.ScenarioFile.From(store.Current), ScenarioCatalog.Json));
        control.MapPut("/state", async (HttpRequest request, StateStore store, CancellationToken cancel) =>
        {
            try
            {
                // Kestrel forbids synchronous reads; a state is small, so read it whole (bounded) first.
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, cancel);
                if (body.Length > MaxStateBytes)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }
                body.Position = 0;
                var scenario = ScenarioCatalog.Parse(body, "the request body");
                return Change(store, _ => scenario.State);
            }
            catch (ScenarioException e)
            {
                return TypedResults.BadRequest(new ControlError(e.Message));
            }
        });
        control.MapGetAndHead("/scenarios", () => TypedResults.Ok(ScenarioCatalog.Names.Select(n => new { name = n, ScenarioCatalog.Load(n).Description })));
        control.MapPost("/scenarios/{name}", (string name, StateStore store) =>
            ScenarioCatalog.Names.Contains(name)
                ? Change(store, _ => ScenarioCatalog.Load(name).State)
                : Results.NotFound(new ControlError($"No scenario {name}. Scenarios: {string.Join(", ", ScenarioCatalog.Names)}.")));

        control.MapPatch("/service", (ServicePatch patch, StateStore store) => Change(store, s => s with { ServiceRunning = patch.Running }));
        control.MapPatch("/entry-points/{id:long}", (long id, EntryPointPatch patch, StateStore store) =>
            store.Current.EntryPoint(id) is null ? Results.NotFound(new ControlError($"No entry point {id}.")) : Change(store, s => s with
            {
                EntryPoints = s.EntryPoints.Select(e => e.Id == id ? patch.ApplyTo(e) : e).ToList(),
            }));
        control.MapPatch("/queues/{name}", (string name, QueuePatch patch, StateStore store) =>
            store.Current.Queue(name) is null ? Results.NotFound(new ControlError($"No queue {name}.")) : Change(store, s => s with
            {
                Queues = s.Queues.Select(q => q.Name == name ? patch.ApplyTo(q) : q).ToList(),
            }));
        control.MapPatch("/agents/{name}", (string name, AgentPatch patch, StateStore store) =>
            store.Current.Agents.All(a => a.Name != name) ? Results.NotFound(new ControlError($"No agent {name}.")) : Change(store, s => s with
            {
                Agents = s.Agents.Select(a => a.Name == name ? patch.ApplyTo(a) : a).ToList(),
            }));

        control.MapGetAndHead("/faults", (FaultInjector faults) => TypedResults.Ok(faults.Current));
        control.MapPut("/faults/{operation}", (string operation, Fault fault, FaultInjector faults) =>
        {
            if (spec.Operations.All(o => o.Id != operation))
            {
                return Results.NotFound(new ControlError($"No operation {operation}. Operations: {string.Join(", ", spec.Operations.Select(o => o.Id))}."));
            }
            var problems = fault.Problems().ToList();
            if (problems.Count > 0)
            {
                return Results.BadRequest(new ControlError(string.Join("; ", problems)));
            }
            faults.Set(operation, fault);
            return Results.Ok(faults.Current);
        });
        control.MapDelete("/faults/{operation}", (string operation, FaultInjector faults) =>
            faults.Clear(operation) ? Results.NoContent() : Results.NotFound(new ControlError($"No fault on {operation}.")));
        control.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.ClearAll();
            return TypedResults.NoContent();
        });

        control.MapGetAndHead("/surveys", (SurveyStore store) => TypedResults.Ok(store.All));
        control.MapDelete("/surveys", (SurveyStore store) => TypedResults.Ok(new { cleared = store.Clear() }));
        return routes;
    }

    private static IResult Change(StateStore store, Func<ChatState, ChatState> change)
    {
        var problems = store.Update(change);
        return problems.Count == 0
            ? TypedResults.Json(ScenarioCatalog.ScenarioFile.From(store.Current), ScenarioCatalog.Json)
            : TypedResults.BadRequest(new ControlError("The change was not applied: " + string.Join("; ", problems)));
    }

    public sealed record ControlError(string Error);

    public sealed record ServicePatch(bool Running);

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
