using Ece.Spec;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>What changed between two runs: results by rule, operation and entry point; observed values by field.</summary>
internal sealed record Comparison(
    ReportModel Before,
    ReportModel After,
    IReadOnlyList<ResultChange> Regressed,
    IReadOnlyList<ResultChange> Fixed,
    IReadOnlyList<ResultChange> OtherChanges,
    IReadOnlyList<ResultChange> InformationChanges,
    IReadOnlyList<ResultInfo> New,
    IReadOnlyList<ResultInfo> Removed,
    IReadOnlyList<ValueChange> Values)
{
    public int ExitCode => Regressed.Count > 0 ? 1 : 0;

    public bool Unchanged => Regressed.Count + Fixed.Count + OtherChanges.Count + InformationChanges.Count + New.Count + Removed.Count + Values.Count == 0
        && (After.Now ?? []).All(a => (Before.Now ?? []).FirstOrDefault(b => b.EntryPoint == a.EntryPoint) is not { } b || (b.ChatCanStart == a.ChatCanStart && b.Reason == a.Reason));

    public static Comparison Of(ReportModel before, ReportModel after)
    {
        var old = before.Results.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var now = after.Results.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var all = old.Keys.Intersect(now.Keys).Select(k => new ResultChange(old[k], now[k])).Where(c => Verdicts.Of(c.Before) != Verdicts.Of(c.After)).ToList();
        // MAY rules are information: their changes are listed apart and never count as regressions or fixes.
        var information = all.Where(c => c.After.RuleLevel == RuleLevel.May).ToList();
        var changes = all.Except(information).ToList();
        var regressed = changes.Where(c => Good(c.Before) && Bad(c.After)).ToList();
        var repaired = changes.Where(c => Bad(c.Before) && Good(c.After)).ToList();
        // passed and not-applicable are both good; a flip between them is no news.
        var other = changes.Except(regressed).Except(repaired).Where(c => !(Verdicts.Of(c.Before) is Result.Passed or Result.NotApplicable && Verdicts.Of(c.After) is Result.Passed or Result.NotApplicable)).ToList();
        return new Comparison(before, after, regressed, repaired, other, information,
            now.Keys.Except(old.Keys).Select(k => now[k]).ToList(),
            old.Keys.Except(now.Keys).Select(k => old[k]).ToList(),
            ValueChanges(before.Observations ?? [], after.Observations ?? []));
    }

    private static (string, string?, string?) Key(ResultInfo r) => (r.Rule, r.Operation, r.EntryPoint);

    private static bool Good(ResultInfo r) => Verdicts.Of(r) is Result.Passed or Result.NotApplicable or Result.KnownFailure;

    // A MUST rule that can no longer be judged is a regression too: the gate would answer "could not test".
    private static bool Bad(ResultInfo r) => Verdicts.Of(r) is Result.Failed or Result.Warning || (Verdicts.Of(r) == Result.NotJudged && r.RuleLevel == RuleLevel.Must);

    private static List<ValueChange> ValueChanges(IReadOnlyList<Observation> before, IReadOnlyList<Observation> after)
    {
        var changes = new List<ValueChange>();
        foreach (var now in after)
        {
            if (before.FirstOrDefault(o => o.Operation == now.Operation && o.EntryPoint == now.EntryPoint) is not { } old)
            {
                continue;
            }
            if (old.Status != now.Status)
            {
                changes.Add(new ValueChange(now.Operation, now.EntryPoint, "status", old.Status?.ToString(), now.Status?.ToString()));
            }
            if (old.MediaType != now.MediaType)
            {
                changes.Add(new ValueChange(now.Operation, now.EntryPoint, "media type", old.MediaType, now.MediaType));
            }
            foreach (var field in old.Values.Keys.Union(now.Values.Keys).Order())
            {
                var (was, @is) = (old.Values.GetValueOrDefault(field), now.Values.GetValueOrDefault(field));
                if (was != @is)
                {
                    changes.Add(new ValueChange(now.Operation, now.EntryPoint, field, was, @is));
                }
            }
        }
        return changes;
    }
}

internal sealed record ResultChange(ResultInfo Before, ResultInfo After)
{
    public string Where => string.Join(" ", new[] { After.Rule, After.Level, After.Operation, After.EntryPoint is null ? null : $"[{After.EntryPoint}]" }.Where(p => p is not null));
}

internal sealed record ValueChange(string Operation, string EntryPoint, string Field, string? Before, string? After);
