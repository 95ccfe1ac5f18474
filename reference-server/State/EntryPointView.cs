using Ece.Spec;

namespace Ece.ReferenceServer.State;

/// <summary>One entry point seen through the state: which conditions hold and the quantities every
/// answer reports. All six answers come from here, so they always agree with each other.</summary>
internal sealed class EntryPointView
{
    private readonly ChatState _state;
    private readonly EntryPoint? _entryPoint;
    private readonly Field _refusal;

    public EntryPointView(ChatState state, long id, EceSpec spec)
    {
        _state = state;
        _entryPoint = state.EntryPoint(id);
        // The field that names why a chat is refused; chat is allowed when it has nothing to say.
        _refusal = spec.Reporting(Quantity.ChatAllowed).Operation.Response!.ByQuantity(Quantity.Conditions)!;
        Conditions = Evaluate();
    }

    public IReadOnlySet<string> Conditions { get; }

    public bool DataUnavailable => _entryPoint?.DataUnavailable == true;

    public object Value(string quantity) => quantity switch
    {
        Quantity.AgentsAvailable => _entryPoint is not null && (!_entryPoint.AgentsRequired || AvailableAgents.Any()),
        // Free slots agent by agent, summed as long: int loads of any size cannot overflow, and no agent's load hides another's slots.
        Quantity.Capacity => AvailableAgents.Sum(a => Math.Max(0L, (long)a.MaxLoad - a.CurrentLoad)),
        Quantity.WaitTime => Queue?.WaitTime ?? 0m,
        Quantity.QueueDepth => Queue?.ChatsWaiting ?? 0,
        Quantity.ChatAllowed => _refusal.Resolve(Conditions) is null,
        Quantity.Conditions => Conditions,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Not a quantity of the state model."),
    };

    /// <summary>The lexical value of <paramref name="field"/> in this entry point's answer, or null to leave it out.</summary>
    public string? LexicalValue(Field field) => field.Quantity switch
    {
        null => null,
        Quantity.Conditions => field.Resolve(Conditions)?.Value,
        var quantity => Spec.Lexical.Format(Value(quantity)),
    };

    private QueueState? Queue => _entryPoint is null ? null : _state.Queue(_entryPoint.Queue);

    // Capacity counts available agents only: the source says zero means "no agents available".
    private IEnumerable<Agent> AvailableAgents =>
        _entryPoint is null ? [] : _state.Agents.Where(a => a.Available && a.Queues.Contains(_entryPoint.Queue));

    private HashSet<string> Evaluate()
    {
        var holding = new HashSet<string>();
        if (_entryPoint is null)
        {
            holding.Add(Condition.UnknownEntryPoint);
            holding.Add(Condition.NoAgents);
            return holding;
        }
        if (!_entryPoint.Active) { holding.Add(Condition.EntryPointInactive); }
        if (!_state.ServiceRunning) { holding.Add(Condition.ServiceDown); }
        if (_entryPoint.AgentsRequired && !AvailableAgents.Any()) { holding.Add(Condition.NoAgents); }
        if (Queue is { } queue && queue.ChatsWaiting >= queue.MaxDepth) { holding.Add(Condition.QueueFull); }
        if (_entryPoint.OutsideBusinessHours) { holding.Add(Condition.OutsideBusinessHours); }
        return holding;
    }
}
