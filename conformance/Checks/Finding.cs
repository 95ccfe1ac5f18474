using Ece.Spec;

namespace Ece.Conformance.Checks;

internal enum Outcome { Passed, Failed, NotApplicable, Skipped, Untestable }

/// <summary>The result of one rule for one operation and entry point.</summary>
internal sealed record Finding(
    Rule Rule,
    string? Operation,
    string? EntryPoint,
    Outcome Outcome,
    string Message,
    string? Expected = null,
    string? Actual = null,
    IReadOnlyList<int>? Exchanges = null)
{
    /// <summary>A failure listed in the baseline: reported, but it does not fail the gate.</summary>
    public bool KnownFailure { get; init; }

    /// <summary>Not judged because the run was stopped (Ctrl+C, SIGTERM) before this check finished: not counted
    /// among the checks done.</summary>
    public bool Interrupted { get; init; }

    public bool FailsGate => Outcome == Outcome.Failed && Rule.Level == RuleLevel.Must && !KnownFailure;

    public string Subject => string.Join(" ", new[] { Operation, EntryPoint is null ? null : $"[{EntryPoint}]" }.Where(s => s is not null));
}
