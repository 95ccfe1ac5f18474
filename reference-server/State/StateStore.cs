namespace Ece.ReferenceServer.State;

/// <summary>The current state. Readers take a consistent snapshot without locking; writers replace it
/// whole, so a malformed change can never leave a half-applied state behind.</summary>
internal sealed class StateStore(ChatState initial)
{
    // Lock order (README, One lock order): taken with nothing held (a change of the control API); nothing is taken
    // while it is held (the change is a function of the state).
    private readonly Lock _write = new();
    private volatile Versioned _current = new(initial, 1);

    public ChatState Current => _current.State;

    /// <summary>Grows by one on every change; answers cached under an older version are stale.</summary>
    public long Version => _current.Version;

    public (ChatState State, long Version) Snapshot()
    {
        var current = _current;
        return (current.State, current.Version);
    }

    /// <summary>Applies <paramref name="change"/>; if the result has problems nothing changes and they are returned.</summary>
    public IReadOnlyList<string> Update(Func<ChatState, ChatState> change)
    {
        lock (_write)
        {
            var next = change(_current.State);
            var problems = next.Problems();
            if (problems.Count == 0)
            {
                _current = new Versioned(next, _current.Version + 1);
            }
            return problems;
        }
    }

    private sealed record Versioned(ChatState State, long Version);
}
