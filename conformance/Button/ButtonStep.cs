using Ece.ReferenceServer;

namespace Ece.Conformance.Button;

/// <summary>What the page's ECE does in a step: answer as the reference server in a scenario (and change under the
/// open page), fail in one way, or fail and come back.</summary>
internal enum StepKind { Scenario, Status500, Slow, Malformed, Refused, Reset, OtherForm, Recovery, Survey, FaultAndBack, Replay }

/// <summary>One step of a button check: a page load against the reference server in one state or fault, watched on
/// the page's own (virtual) clock.</summary>
/// <param name="Name">What --step names it by: the scenario's name, or the fault's.</param>
/// <param name="Scenario">The state the page is opened in.</param>
internal sealed record ButtonStep(string Name, StepKind Kind, string Scenario)
{
    /// <summary>The scenario the faults are laid over, and the healthy state a refusal changes back to.</summary>
    public const string Default = ReferenceServerApp.DefaultScenario;

    /// <summary>The step (and the "scenario") that answers the page from a recording: production's own answers.</summary>
    public const string ReplayStep = "replay";

    /// <summary>What ECE changes to under a page that has settled in a scenario, and back: a refusal for a state
    /// that invites a chat (the agents leave), the default for one that refuses (agents arrive, the queue empties,
    /// the service starts, the entry point is made active). A scenario of the reference server's catalogue (a test
    /// keeps it there).</summary>
    public const string Refusal = "no-agents";

    /// <summary>The state a scenario step changes to once its page has settled, or null where chatAllowed has no
    /// healthy answer in it (data-unavailable is a 500: the faults and recovery judge those).</summary>
    public static string? Counterpart(ChatAllowed? allowed) => allowed is null ? null : allowed.Allowed ? Refusal : Default;

    /// <summary>The steps that are not a scenario's, by what they do, in the order they run: the one home of their names
    /// (--step, help texts, the judges' messages).</summary>
    public static readonly IReadOnlyList<(StepKind Kind, string Name)> Names =
    [
        (StepKind.Status500, "fault-500"),
        (StepKind.Slow, "fault-slow"),
        (StepKind.Malformed, "fault-malformed"),
        (StepKind.Refused, "fault-refused"),
        (StepKind.Reset, "fault-reset"),
        (StepKind.OtherForm, "other-form"),
        (StepKind.Recovery, "recovery"),
        (StepKind.FaultAndBack, "fault-and-back"),
        // Named after the operation it sends.
        (StepKind.Survey, Ece.Spec.EceSpec.Default.Writing.Id),
        (StepKind.Replay, ReplayStep),
    ];

    public static string NameOf(StepKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>The names of the fault steps, for messages that list them.</summary>
    public static string FaultNames => string.Join(", ", Names.Where(n => IsFaultKind(n.Kind)).Select(n => n.Name));

    /// <summary>Every built-in scenario (each also changed under the open page and back), then the faults (each over
    /// the default scenario), a fault during a visit, then the survey when the check was told how to reach it.</summary>
    /// <param name="replay">Whether a recording was given (--replay): the replay step answers the page from it.</param>
    public static IReadOnlyList<ButtonStep> All(IEnumerable<string> scenarios, bool survey = true, bool replay = false) =>
    [
        .. scenarios.Select(s => new ButtonStep(s, StepKind.Scenario, s)),
        .. Names.Where(n => (n.Kind != StepKind.Survey || survey) && (n.Kind != StepKind.Replay || replay))
            .Select(n => new ButtonStep(n.Name, n.Kind, n.Kind == StepKind.Replay ? ReplayStep : Default)),
    ];

    /// <summary>A fault from the page's load: the button must be hidden, whatever the scenario says.</summary>
    public bool IsFault => IsFaultKind(Kind);

    private static bool IsFaultKind(StepKind kind) => kind is StepKind.Status500 or StepKind.Slow or StepKind.Malformed or StepKind.Refused or StepKind.Reset;
}
