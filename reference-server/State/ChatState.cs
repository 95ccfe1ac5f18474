namespace Ece.ReferenceServer.State;

/// <summary>Everything the six answers are derived from. Immutable: a change is a new state.</summary>
internal sealed record ChatState
{
    public bool ServiceRunning { get; init; } = true;
    public IReadOnlyList<EntryPoint> EntryPoints { get; init; } = [];
    public IReadOnlyList<QueueState> Queues { get; init; } = [];
    public IReadOnlyList<Agent> Agents { get; init; } = [];

    public const decimal MaxWaitTime = 1_000_000_000m;

    public EntryPoint? EntryPoint(long id) => EntryPoints.FirstOrDefault(e => e.Id == id);

    public QueueState? Queue(string name) => Queues.FirstOrDefault(q => q.Name == name);

    /// <summary>What is wrong with this state, one sentence a problem; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (EntryPoints.Contains(null!) || Queues.Contains(null!) || Agents.Contains(null!) || Agents.Any(a => a.Queues is null || a.Queues.Contains(null!)))
        {
            return ["entryPoints, queues, agents and an agent's queues must not hold null"];
        }
        problems.AddRange(EntryPoints.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"entry point {g.Key} is defined {g.Count()} times"));
        problems.AddRange(Queues.GroupBy(q => q.Name).Where(g => g.Count() > 1).Select(g => $"queue {g.Key} is defined {g.Count()} times"));
        problems.AddRange(Agents.GroupBy(a => a.Name).Where(g => g.Count() > 1).Select(g => $"agent {g.Key} is defined {g.Count()} times"));
        problems.AddRange(EntryPoints.Where(e => Queue(e.Queue) is null).Select(e => $"entry point {e.Id} uses queue {e.Queue}, which is not defined"));
        problems.AddRange(Agents.SelectMany(a => a.Queues.Where(q => Queue(q) is null).Select(q => $"agent {a.Name} serves queue {q}, which is not defined")));
        problems.AddRange(Queues.Where(q => q.MaxDepth < 0 || q.ChatsWaiting < 0 || q.WaitTime < 0).Select(q => $"queue {q.Name}: {Json(nameof(q.MaxDepth))}, {Json(nameof(q.ChatsWaiting))} and {Json(nameof(q.WaitTime))} must not be negative"));
        // Decimals past 18 digits are legal XSD, but XML tools stop there (libxml2 at 24): a wait is seconds, not eons.
        problems.AddRange(Queues.Where(q => q.WaitTime > MaxWaitTime || (q.WaitTime != 0 && q.WaitTime < 0.001m)).Select(q => $"queue {q.Name}: {Json(nameof(q.WaitTime))} must be 0 or from 0.001 to {MaxWaitTime} seconds"));
        problems.AddRange(Agents.Where(a => a.MaxLoad < 0 || a.CurrentLoad < 0).Select(a => $"agent {a.Name}: maxLoad and currentLoad must not be negative"));
        // An agent cannot work on more chats than its maximum load; allowing it would let one overloaded agent
        // cancel another's free slots in the capacity.
        problems.AddRange(Agents.Where(a => a.CurrentLoad > a.MaxLoad).Select(a => $"agent {a.Name}: currentLoad {a.CurrentLoad} is above maxLoad {a.MaxLoad}"));
        return problems;
    }

    /// <summary>A property's name as the state file (JSON, camel case) writes it.</summary>
    private static string Json(string property) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property);
}

/// <param name="AgentsRequired">Whether chat needs an available agent; real ECE answers "available" with no agents when it does not.</param>
/// <param name="OutsideBusinessHours">Closed for a reason the source does not list: chatAllowed answers "other".</param>
/// <param name="DataUnavailable">The data cannot be retrieved: every operation answers 500, as the source documents.</param>
internal sealed record EntryPoint(
    long Id,
    string Name,
    string Queue,
    bool Active = true,
    bool AgentsRequired = true,
    bool OutsideBusinessHours = false,
    bool DataUnavailable = false);

/// <param name="MaxDepth">The configured maximum depth: the queue is full when ChatsWaiting reaches it.</param>
/// <param name="WaitTime">The estimated wait time, in seconds (the source gives no unit).</param>
internal sealed record QueueState(string Name, int MaxDepth, int ChatsWaiting, decimal WaitTime);

/// <param name="MaxLoad">The agent's maximum load (CTL): chats it may work on at once.</param>
internal sealed record Agent(string Name, bool Available, int MaxLoad, int CurrentLoad, IReadOnlyList<string> Queues);
