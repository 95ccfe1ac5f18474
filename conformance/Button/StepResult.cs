namespace Ece.Conformance.Button;

/// <summary>Whether the button was visible at a moment of the page's time (null: the page did not respond).</summary>
internal sealed record Sample(TimeSpan At, bool? Visible);

/// <summary>Something that took the customer's attention from the page: a dialog, a navigation, a window opened.</summary>
/// <param name="DuringFault">Whether the page's ECE was failing at that moment (a fault step or phase).</param>
internal sealed record Interruption(TimeSpan At, string Kind, string Text, bool DuringFault);

/// <summary>A request the page sent with fetch or XMLHttpRequest, seen from inside the page.</summary>
/// <param name="InFlight">How many requests for the same URL the page still awaited when it sent this one.</param>
internal sealed record Send(TimeSpan At, string Url, int InFlight);

/// <summary>A moment ECE's state changed under the open page, and to what.</summary>
internal sealed record Change(TimeSpan At, string To, bool Healthy);

/// <summary>What chatAllowed answers in a state: whether a chat can start and why not.</summary>
internal sealed record ChatAllowed(bool Allowed, string? Reason);

/// <summary>What one step showed, on the page's time: the requests and their answers, the button over time, what
/// interrupted the customer, errors, the changes made, and a screenshot at the end.</summary>
internal sealed record StepResult(ButtonStep Step, IReadOnlyList<ApiCall> Calls, IReadOnlyList<Sample> Samples, bool? ReasonVisible, IReadOnlyList<string> Errors, byte[] Screenshot, bool HeldRequestEnded, string? NotClicked = null)
{
    /// <summary>Whether the button was visible at the end; null when the page could not be looked at (it did not
    /// respond): its state is unknown, and the step is not judged by the rules about the button's state.</summary>
    public bool? ButtonVisible => Samples.Count == 0 ? null : Samples[^1].Visible;

    public IReadOnlyList<Change> Changes { get; init; } = [];
    public IReadOnlyList<Interruption> Interruptions { get; init; } = [];
    public IReadOnlyList<Send> Sends { get; init; } = [];
    /// <summary>How long the step watched the page, on the page's clock.</summary>
    public TimeSpan Duration { get; init; }
    /// <summary>Web Workers the page started: their timers run on wall time, so what they ask over a visit is not
    /// on the page's clock.</summary>
    public int Workers { get; init; }
    /// <summary>How many times the page's clock was run forward to watch it (the wall time is in these).</summary>
    public int Ticks { get; init; }
    /// <summary>How long after a change the button had to follow it (--follow-within).</summary>
    public TimeSpan FollowWithin { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>What chatAllowed answers in the state the step opened the page in (and ended in), whatever the page asked.</summary>
    public ChatAllowed? ChatAllowed { get; init; }
    /// <summary>How many elements --button and --reason matched at the end (a selector that matches none in any step
    /// is a mistake in the command, not a verdict).</summary>
    public int ButtonMatches { get; init; } = 1;
    public int ReasonMatches { get; init; } = 1;
    /// <summary>Elements that look like a chat button (for a --button that matched nothing), as selectors with their text.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];
    /// <summary>Why the page did not load (a status, a name not found), or null.</summary>
    public string? LoadError { get; init; }
    /// <summary>The other URLs the page asked for (for a --api-pattern that matched nothing).</summary>
    public IReadOnlyList<string> OtherUrls { get; init; } = [];

    /// <summary>The page's time at which its own script stopped it responding (no request held), or null: what it would
    /// have done after is not known, and the rules that watch for it are not judged on this step.</summary>
    public TimeSpan? FrozeAt { get; init; }

    /// <summary>The last change of the step, or null.</summary>
    public Change? LastChange => Changes.Count == 0 ? null : Changes[^1];
}
