using Ece.Spec;
using Ece.Conformance.Http;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>What changed between two runs: results by rule, operation and entry point; observed values by field; answer
/// bodies by XMLUnit's differences (information: a body change is never a regression by itself).</summary>
internal sealed record Comparison(
    ReportModel Before,
    ReportModel After,
    IReadOnlyList<ResultChange> Regressed,
    IReadOnlyList<ResultChange> Fixed,
    IReadOnlyList<ResultChange> OtherChanges,
    IReadOnlyList<ResultChange> InformationChanges,
    IReadOnlyList<ResultInfo> New,
    IReadOnlyList<ResultInfo> Removed,
    IReadOnlyList<ValueChange> Values,
    IReadOnlyList<AnswerBodyChange> Bodies)
{
    public int ExitCode => Regressed.Count > 0 ? 1 : 0;

    // A body written differently (similar) is the same document: no change. A different one is a change.
    public bool Unchanged => Regressed.Count + Fixed.Count + OtherChanges.Count + InformationChanges.Count + New.Count + Removed.Count + Values.Count == 0
        && Bodies.All(b => b.Change.Verdict != BodyVerdict.Different)
        && (After.Now ?? []).All(a => (Before.Now ?? []).FirstOrDefault(b => b.EntryPoint == a.EntryPoint) is not { } b || (b.ChatCanStart == a.ChatCanStart && b.Reason == a.Reason));

    public static Comparison Between(ReportModel before, ReportModel after)
    {
        var old = before.Results.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var now = after.Results.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var all = old.Keys.Intersect(now.Keys).Select(k => new ResultChange(old[k], now[k])).Where(c => Verdicts.ResultOf(c.Before) != Verdicts.ResultOf(c.After)).ToList();
        // MAY rules are information: their changes are listed apart and never count as regressions or fixes.
        var information = all.Where(c => c.After.RuleLevel == RuleLevel.May).ToList();
        var changes = all.Except(information).ToList();
        var regressed = changes.Where(c => Good(c.Before) && Bad(c.After)).ToList();
        var repaired = changes.Where(c => Bad(c.Before) && Good(c.After)).ToList();
        // passed and not-applicable are both good; a flip between them is no news.
        var other = changes.Except(regressed).Except(repaired).Where(c => !(Verdicts.ResultOf(c.Before) is Result.Passed or Result.NotApplicable && Verdicts.ResultOf(c.After) is Result.Passed or Result.NotApplicable)).ToList();
        return new Comparison(before, after, regressed, repaired, other, information,
            now.Keys.Except(old.Keys).Select(k => now[k]).ToList(),
            old.Keys.Except(now.Keys).Select(k => old[k]).ToList(),
            ValueChanges(before.Observations ?? [], after.Observations ?? []),
            BodyChanges(before, after));
    }

    private static (string, string?, string?) Key(ResultInfo r) => (r.Rule, r.Operation, r.EntryPoint);

    private static bool Good(ResultInfo r) => Verdicts.ResultOf(r) is Result.Passed or Result.NotApplicable or Result.KnownFailure;

    // A MUST rule that can no longer be judged is a regression too: the gate would answer "could not test".
    private static bool Bad(ResultInfo r) => Verdicts.ResultOf(r) is Result.Failed or Result.Warning || (Verdicts.ResultOf(r) == Result.NotJudged && r.RuleLevel == RuleLevel.Must);

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

    /// <summary>For every operation and entry point observed in both runs, the first XML success answer of each run
    /// (the one its rules judged), compared by XMLUnit; unchanged bodies are left out.</summary>
    private static List<AnswerBodyChange> BodyChanges(ReportModel before, ReportModel after)
    {
        var changes = new List<AnswerBodyChange>();
        foreach (var now in after.Observations ?? [])
        {
            if (!(before.Observations ?? []).Any(o => o.Operation == now.Operation && o.EntryPoint == now.EntryPoint)
                || EceSpec.Default.Operations.FirstOrDefault(o => o.Id == now.Operation) is not { } operation
                || XmlAnswer(before, operation, now.EntryPoint) is not { } old || XmlAnswer(after, operation, now.EntryPoint) is not { } @new)
            {
                continue;
            }
            var change = old.BodyTruncated || @new.BodyTruncated
                ? new BodyChange(BodyVerdict.NotCompared, [], Note: $"the body was cut short in the {(old.BodyTruncated ? "before" : "after")} run")
                : BodyDiff.Compare(old.Body ?? "", @new.Body ?? "");
            if (change is not null)
            {
                changes.Add(new AnswerBodyChange(now.Operation, now.EntryPoint, change));
            }
        }
        return changes;
    }

    /// <summary>The first answered exchange for the operation and entry point (its path ends with the operation's
    /// path for that entry point, whatever the base path) with the operation's success status and an XML media type.</summary>
    private static Exchange? XmlAnswer(ReportModel run, Operation operation, string entryPoint) =>
        run.Exchanges.FirstOrDefault(x => x.Operation == operation.Id && x.Answered && x.Status == operation.SuccessStatus && MediaTypes.IsXml(x.MediaType)
            && PathOf(x.Url).EndsWith(operation.Path("", entryPoint), StringComparison.Ordinal));

    private static string PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', 2)[0];
}

/// <summary>How the body of one operation's answer for one entry point changed.</summary>
internal sealed record AnswerBodyChange(string Operation, string EntryPoint, BodyChange Change);

internal sealed record ResultChange(ResultInfo Before, ResultInfo After)
{
    public string Where => string.Join(" ", new[] { After.Rule, After.Level, After.Operation, After.EntryPoint is null ? null : $"[{After.EntryPoint}]" }.Where(p => p is not null));
}

internal sealed record ValueChange(string Operation, string EntryPoint, string Field, string? Before, string? After);
