namespace Ece.Conformance.Button;

/// <summary>What the page's ECE does in a step: answer as the reference server in a scenario, or fail in one way.</summary>
internal enum StepKind { Scenario, Status500, Slow, Malformed, Refused, Reset, OtherForm, Recovery, Survey }

/// <summary>One step of a button check: a fresh page load against the reference server in one state or fault.</summary>
/// <param name="Name">What --step names it by: the scenario's name, or the fault's.</param>
internal sealed record ButtonStep(string Name, StepKind Kind, string Scenario)
{
    /// <summary>Every built-in scenario, then the faults (each over the default scenario), then the survey when the
    /// check was told how to reach it (--survey).</summary>
    public static IReadOnlyList<ButtonStep> All(IEnumerable<string> scenarios, bool survey = true) =>
    [
        .. scenarios.Select(s => new ButtonStep(s, StepKind.Scenario, s)),
        new("fault-500", StepKind.Status500, "default"),
        new("fault-slow", StepKind.Slow, "default"),
        new("fault-malformed", StepKind.Malformed, "default"),
        new("fault-refused", StepKind.Refused, "default"),
        new("fault-reset", StepKind.Reset, "default"),
        new("other-form", StepKind.OtherForm, "default"),
        new("recovery", StepKind.Recovery, "default"),
        // Named after the operation it sends.
        .. survey ? [new ButtonStep(Ece.Spec.EceSpec.Default.Writing.Id, StepKind.Survey, "default")] : Array.Empty<ButtonStep>(),
    ];

    /// <summary>A fault: the button must be hidden, whatever the scenario says.</summary>
    public bool IsFault => Kind is StepKind.Status500 or StepKind.Slow or StepKind.Malformed or StepKind.Refused or StepKind.Reset;
}
