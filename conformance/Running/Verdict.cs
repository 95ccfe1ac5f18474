using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Running;

/// <summary>What a run concludes. BaselineOutOfDate: no MUST rule failed outside the baseline, but the gate's
/// baseline lists failures that pass now or have expired; the gate fails (exit 1) until the baseline is updated,
/// and says so apart from a target that fails.</summary>
internal enum VerdictKind { Conformant, NotConformant, CouldNotTest, BaselineOutOfDate }

/// <summary>The gate: 0 conformant (no MUST rule failed and every MUST rule was judged), 1 not conformant
/// (a MUST rule failed, or the baseline is stale), 2 could not test (nothing judged, or MUST rules left unjudged).</summary>
internal sealed record Verdict(VerdictKind Kind, string Summary)
{
    public int ExitCode => Kind switch
    {
        VerdictKind.Conformant => 0,
        VerdictKind.NotConformant or VerdictKind.BaselineOutOfDate => 1,
        _ => 2,
    };

    public string Word => Kind switch
    {
        VerdictKind.Conformant => "CONFORMANT",
        VerdictKind.NotConformant => "NOT CONFORMANT",
        VerdictKind.BaselineOutOfDate => "BASELINE OUT OF DATE",
        _ => "COULD NOT TEST",
    };

    /// <param name="retry">What to do about MUST rules left unjudged: each command knows what it tested.</param>
    /// <summary>A run stopped by Ctrl+C or SIGTERM: how many of the <paramref name="planned"/> checks were done (those the
    /// stop cut short and those not selected are not).</summary>
    public static Verdict Interrupted(IReadOnlyList<Finding> findings, int planned) => new(VerdictKind.CouldNotTest,
        $"Interrupted after {findings.Count(f => !f.Interrupted && f.Outcome != Outcome.Skipped)} of {planned} checks (Ctrl+C or SIGTERM): these reports are partial.");

    public static Verdict Judge(IReadOnlyList<Finding> findings, IReadOnlyList<BaselineEntry> stale, Diagnosis? diagnosis = null, IReadOnlyList<BaselineEntry>? expired = null,
        string retry = "Check the target's health and run again.")
    {
        expired ??= [];
        if (diagnosis?.Problems is { Count: > 0 } problems)
        {
            // Findings about the wrong base path, an unknown entry point or cut-off answers are no verdict on the target.
            return new Verdict(VerdictKind.CouldNotTest, "The run did not test what it should: " + string.Join(" ", problems));
        }
        var mustFailed = findings.Where(f => f.FailsGate).Select(f => f.Rule.Id).Distinct().ToList();
        var judged = findings.Count(f => f.Outcome is Outcome.Passed or Outcome.Failed);
        var unjudgedMust = findings.Where(f => f.Outcome == Outcome.Untestable && f.Rule.Level == RuleLevel.Must && !f.KnownFailure).Select(f => f.Rule.Id).Distinct().ToList();
        if (mustFailed.Count > 0 || stale.Count > 0 || expired.Count > 0)
        {
            var parts = new List<string>();
            if (mustFailed.Count > 0) { parts.Add($"MUST rules failed: {string.Join(", ", mustFailed)}"); }
            if (stale.Count > 0) { parts.Add($"stale baseline entries (they pass now; remove them): {string.Join(", ", stale)}"); }
            if (expired.Count > 0) { parts.Add($"expired baseline entries (fix or renew them): {string.Join(", ", expired.Select(e => e.DescribeExpiry()))}"); }
            // Failures the baseline excused until its entries expired are the baseline's to update, as stale ones are.
            return mustFailed.Except(expired.Select(e => e.Rule)).Any()
                ? new Verdict(VerdictKind.NotConformant, string.Join("; ", parts) + ".")
                : new Verdict(VerdictKind.BaselineOutOfDate, $"No MUST rule failed that the baseline does not list, but the gate's baseline needs updating: {string.Join("; ", parts)}. Update it (remove what passes now; fix or renew what expired), then run again.");
        }
        if (judged == 0)
        {
            return new Verdict(VerdictKind.CouldNotTest, "No rule could be judged.");
        }
        return unjudgedMust.Count > 0
            ? new Verdict(VerdictKind.CouldNotTest, $"No MUST rule failed, but these could not be judged: {string.Join(", ", unjudgedMust)} ({Cause(findings)}). {retry}")
            : new Verdict(VerdictKind.Conformant, "Every MUST rule checked passed" + (findings.Count(f => f.KnownFailure) is var known and > 0
                ? $", with {known} known failure(s) excused by the baseline ({string.Join(", ", findings.Where(f => f.KnownFailure).Select(f => f.Rule.Id).Distinct())})." : "."));
    }

    /// <summary>The commonest reason the MUST rules were not judged, as the findings give it (a 500, a time-out).</summary>
    private static string Cause(IReadOnlyList<Finding> findings) =>
        findings.Where(f => f.Outcome == Outcome.Untestable && f.Rule.Level == RuleLevel.Must && !f.KnownFailure)
            .GroupBy(f => f.Message).OrderByDescending(g => g.Count()).First() is var top
            ? $"{top.Count()} of them: {top.Key.TrimEnd('.')}"
            : "";
}
