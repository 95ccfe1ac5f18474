using Ece.Conformance.Checks;
using Ece.Conformance.Reports;
using Ece.Spec;

namespace Ece.Conformance.Monitor;

/// <summary>The last outcome of one rule for one operation and entry point of a target ("" where a rule has none).</summary>
internal sealed record RuleKey(string Rule, string Operation, string EntryPoint);

/// <param name="Judged">The last result that was judged (passed or failing), kept through cycles that judged nothing:
/// changes are between judged results, so an outage in between neither hides a recovery nor repeats a failure.</param>
internal sealed record RuleOutcome(Rule Rule, Result Result, string Message, Result? Judged = null);

/// <summary>A button's state and when it took it.</summary>
internal sealed record ButtonSince(ButtonState Button, DateTimeOffset Since);

/// <summary>Everything known about one target, replaced whole after each cycle (readers never see half a cycle).</summary>
internal sealed record TargetSnapshot(
    Uri Target,
    bool? Up,
    string? Error,
    int Failures,
    TimeSpan Backoff,
    long Cycles,
    DateTimeOffset? LastCycleAt,
    TimeSpan LastCycleDuration,
    IReadOnlyDictionary<RuleKey, RuleOutcome> Outcomes,
    IReadOnlyDictionary<string, ButtonSince> Buttons)
{
    /// <summary>Why the last cycle tested the wrong thing (a set-up to change, not an outage), or null.</summary>
    public Misconfiguration? Misconfigured { get; init; }

    /// <summary>A cycle has read the target with these settings and found nothing wrong with them: from then on a
    /// diagnosis (404 everywhere, a redirect, an entry point gone) is the target's outage, not the monitor's set-up.</summary>
    public bool EverHealthy { get; init; }
}

/// <summary>The state of every watched target and the changes between cycles. Bounded: one snapshot per target, one
/// outcome per rule, operation and entry point; nothing accumulates over time.</summary>
internal sealed class MonitorState
{
    private readonly Dictionary<Uri, TargetSnapshot> _targets;
    // Lock order (README, One lock order): taken with a monitor slot and the target's gate held (Apply), or a /metrics
    // reader's place (the exposition's snapshot), or nothing; nothing is taken while it is held.
    private readonly Lock _lock = new();

    public MonitorState(IEnumerable<Uri> targets, IReadOnlyList<string> entryPoints)
    {
        _targets = targets.ToDictionary(t => t, t => new TargetSnapshot(t, null, null, 0, TimeSpan.Zero, 0, null, TimeSpan.Zero,
            new Dictionary<RuleKey, RuleOutcome>(), entryPoints.ToDictionary(ep => ep, _ => new ButtonSince(ButtonState.Unknown, DateTimeOffset.MinValue))));
    }

    /// <summary>How much of a finding's message the state keeps (the status page shows as much).</summary>
    public const int MessageKept = 160;

    public IReadOnlyList<TargetSnapshot> Snapshot()
    {
        lock (_lock)
        {
            return [.. _targets.Values];
        }
    }

    public TargetSnapshot? Snapshot(Uri target)
    {
        lock (_lock)
        {
            return _targets.GetValueOrDefault(target);
        }
    }

    /// <summary>Takes a cycle's result; answers the changes it made (a rule passing or failing, a button shown or
    /// hidden or its reason, the target up or down), each one log line.</summary>
    public IReadOnlyList<ChangeEvent> Apply(CycleResult cycle, TimeSpan interval, TimeSpan maxBackoff)
    {
        lock (_lock)
        {
            var before = _targets[cycle.Target];
            cycle = AsJudged(cycle, before);
            var changes = new List<ChangeEvent>();
            var target = MonitorMetrics.TargetLabel(cycle.Target);
            var failures = cycle.Reachable ? 0 : before.Failures + 1;
            if (before.Up != cycle.Reachable)
            {
                changes.Add(new ChangeEvent(cycle.At, ChangeEvent.TargetKind, target, null, null, null, null,
                    Up(before.Up), Up(cycle.Reachable), cycle.Error));
            }
            var outcomes = cycle.Reachable ? Judged(cycle, before, target, changes) : Unreached(cycle, before);
            var buttons = Buttons(cycle, before, target, changes);
            if (before.Misconfigured?.Reason != cycle.Misconfigured?.Reason)
            {
                // Said once when found (the first cycle included) and once when mended, with the option to change.
                changes.Add(new ChangeEvent(cycle.At, ChangeEvent.MisconfiguredKind, target, null, null, null, null,
                    before.Misconfigured?.Reason ?? "none", cycle.Misconfigured?.Reason ?? "none", cycle.Misconfigured?.Problem));
            }
            _targets[cycle.Target] = new TargetSnapshot(cycle.Target, cycle.Reachable, cycle.Error, failures, Backoff(failures, interval, maxBackoff),
                before.Cycles + 1, cycle.At, cycle.Duration, outcomes, buttons)
            {
                Misconfigured = cycle.Misconfigured,
                EverHealthy = before.EverHealthy || (cycle.Reachable && cycle.Misconfigured is null),
            };
            return changes;
        }
    }

    /// <summary>The cycle as the state takes it: a misconfigured target never read healthy has its findings not judged
    /// and its buttons unknown; one read healthy before has no misconfiguration, only the outage its findings show.</summary>
    private static CycleResult AsJudged(CycleResult cycle, TargetSnapshot before)
    {
        if (cycle.Misconfigured is { } wrong && !before.EverHealthy)
        {
            // Its findings describe the wrong thing: not judged, never failed; its buttons not known, never "hidden for an error".
            return cycle with
            {
                Findings = [.. cycle.Findings.Select(f => f with { Outcome = Outcome.Untestable, Message = "Not judged: the monitor is set up wrong for this target. " + wrong.Problem })],
                Buttons = cycle.Buttons.ToDictionary(b => b.Key, _ => ButtonState.Unknown),
            };
        }
        // Seen healthy before: judged as the outage it is.
        return cycle.Misconfigured is null ? cycle : cycle with { Misconfigured = null };
    }

    /// <summary>How much longer than the interval the next try waits: it doubles per failed cycle (2, 4, 8...
    /// intervals between tries), up to maxBackoff.</summary>
    private static TimeSpan Backoff(int failures, TimeSpan interval, TimeSpan maxBackoff) =>
        failures == 0 ? TimeSpan.Zero : Min(interval * Math.Pow(2, Math.Min(failures, 20)), maxBackoff) - interval;

    /// <summary>Each rule's outcome in a cycle that reached the target, with the changes since the last judgement.</summary>
    private static Dictionary<RuleKey, RuleOutcome> Judged(CycleResult cycle, TargetSnapshot before, string target, List<ChangeEvent> changes)
    {
        var outcomes = new Dictionary<RuleKey, RuleOutcome>();
        foreach (var f in cycle.Findings)
        {
            var key = new RuleKey(f.Rule.Id, f.Operation ?? "", f.EntryPoint ?? "");
            var result = Verdicts.ResultOf(f);
            var last = before.Outcomes.GetValueOrDefault(key)?.Judged;
            var judged = result is Result.NotJudged ? last : result;
            // Only what the status page shows is kept: a passing rule's message, or a long one, held for every rule
            // of every target, would be most of the monitor's memory.
            outcomes[key] = new RuleOutcome(f.Rule, result, Verdicts.NotPassing(result) ? ReportText.Line(f.Message, MessageKept) : "", judged);
            // A change: failing now and not at the last judgement (or never judged before: a rule failing from
            // the first cycle is said once), or passing again after failing. Not judged changes nothing.
            if (result is not Result.NotJudged && (last is null ? Verdicts.IsFailing(result) : Verdicts.IsFailing(last.Value) != Verdicts.IsFailing(result)))
            {
                changes.Add(new ChangeEvent(cycle.At, ChangeEvent.RuleKind, target, f.EntryPoint, f.Operation, f.Rule.Id, f.Rule.LevelText,
                    last is { } l ? Verdicts.Label(l) : Verdicts.Label(Result.NotJudged), Verdicts.Label(result), f.Message));
            }
        }
        return outcomes;
    }

    /// <summary>A target not reached: nothing was judged this cycle, each rule keeps its last judgement.</summary>
    private static Dictionary<RuleKey, RuleOutcome> Unreached(CycleResult cycle, TargetSnapshot before)
    {
        var unreached = ReportText.Line($"The target could not be reached: {cycle.Error}", MessageKept);
        return before.Outcomes.ToDictionary(o => o.Key, o => o.Value with { Result = Result.NotJudged, Message = unreached });
    }

    /// <summary>Each entry point's button after the cycle, since when, with a change for each that moved.</summary>
    private static Dictionary<string, ButtonSince> Buttons(CycleResult cycle, TargetSnapshot before, string target, List<ChangeEvent> changes)
    {
        var buttons = new Dictionary<string, ButtonSince>();
        foreach (var (ep, was) in before.Buttons)
        {
            var now = cycle.Buttons.GetValueOrDefault(ep) ?? ButtonState.Unknown;
            buttons[ep] = now == was.Button ? was : new ButtonSince(now, cycle.At);
            if (now != was.Button)
            {
                changes.Add(new ChangeEvent(cycle.At, ChangeEvent.ButtonKind, target, ep, null, null, null,
                    was.Button.ToString(), now.ToString(), now.Reason is null ? null : ButtonState.BusinessText(now.Business)));
            }
        }
        return buttons;
    }

    private static string Up(bool? up) => up switch { true => "up", false => "down", _ => "unknown" };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
