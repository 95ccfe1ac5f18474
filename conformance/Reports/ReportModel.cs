using System.Text.Json.Serialization;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

/// <summary>The JSON report, schema version 2 (conformance/report.schema.json). Additive changes keep the
/// version; any change a reader could trip on raises it, and readers refuse versions they do not know. 2: the
/// target is a server or a page, by its kind (1 gave a button check a server's fields, filled with words).</summary>
internal sealed record ReportModel(
    int SchemaVersion,
    ToolInfo Tool,
    SpecInfo Spec,
    CheckedTarget Target,
    DateTimeOffset StartedAt,
    long DurationMs,
    VerdictInfo Verdict,
    Summary Summary,
    IReadOnlyList<ResultInfo> Results,
    IReadOnlyList<RuleInfo> Rules,
    IReadOnlyList<Exchange> Exchanges,
    IReadOnlyList<string> StaleBaseline,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Observation>? Observations = null,
    IReadOnlyList<LatencyInfo>? Latency = null,
    IReadOnlyList<CustomersNow>? Now = null)
{
    public const int CurrentSchemaVersion = 2;

    public static ReportModel From(RunResult run, EceSpec spec) => new(
        CurrentSchemaVersion,
        ToolInfo.Current,
        new SpecInfo(spec.Title, spec.ApiVersion, spec.Revision, spec.Rules.Revision),
        run.Target,
        run.StartedAt,
        (long)run.Duration.TotalMilliseconds,
        new VerdictInfo(run.Verdict.Word, run.Verdict.ExitCode, run.Verdict.Summary),
        Summary.Count(run.Findings),
        run.Findings.Select(ResultInfo.From).ToList(),
        spec.Rules.Rules.Select(RuleInfo.From).ToList(),
        run.Exchanges,
        run.StaleBaseline.Select(s => s.ToString()).ToList(),
        run.Notes,
        run.Observations,
        LatencyInfo.PerOperation(run.Exchanges),
        // A run that tested the wrong thing (a base path with nothing under it) knows nothing of what customers see.
        run.Problems.Count > 0 ? null : CustomersNow.PerEntryPoint(spec, run.Target.EntryPoints, run.Observations));
}

/// <summary>How long an operation's complete answers took (median and slowest), over every request of the run.</summary>
internal sealed record LatencyInfo(string Operation, int Answers, long MedianMs, long MaxMs)
{
    public static IReadOnlyList<LatencyInfo> PerOperation(IEnumerable<Exchange> exchanges) =>
        exchanges.Where(x => x.Operation is not null && x.Answered).GroupBy(x => x.Operation!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.ElapsedMs).Order().ToList() is var ms ? new LatencyInfo(g.Key, ms.Count, ms[(ms.Count - 1) / 2], ms[^1]) : null!)
            .ToList();

    public override string ToString() => $"{Operation} {MedianMs} ms median, {MaxMs} ms slowest ({Answers} answer{(Answers == 1 ? "" : "s")})";
}

internal sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("ece-conformance",
        typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}

internal sealed record SpecInfo(string Title, string ApiVersion, string Revision, string RulesRevision);

internal sealed record VerdictInfo(string Verdict, int ExitCode, string Summary);

/// <summary>The count of each result (Verdicts): a partition of the findings, so the counts add up to Total.</summary>
internal sealed record Summary(int Passed, int Failed, int Warnings, int Information, int KnownFailures, int NotApplicable, int Skipped, int Untestable)
{
    public int Total => Passed + Failed + Warnings + Information + KnownFailures + NotApplicable + Skipped + Untestable;

    public int Count(Result r) => r switch
    {
        Result.Failed => Failed,
        Result.Warning => Warnings,
        Result.Information => Information,
        Result.NotJudged => Untestable,
        Result.KnownFailure => KnownFailures,
        Result.Passed => Passed,
        Result.NotApplicable => NotApplicable,
        _ => Skipped,
    };

    public static Summary Count(IReadOnlyList<Finding> findings)
    {
        var by = findings.GroupBy(Verdicts.ResultOf).ToDictionary(g => g.Key, g => g.Count());
        int N(Result r) => by.GetValueOrDefault(r);
        return new(N(Result.Passed), N(Result.Failed), N(Result.Warning), N(Result.Information), N(Result.KnownFailure), N(Result.NotApplicable), N(Result.Skipped), N(Result.NotJudged));
    }
}

internal sealed record ResultInfo(string Rule, string Level, string? Operation, string? EntryPoint, Outcome Outcome, bool KnownFailure, string Message, string? Expected, string? Actual, IReadOnlyList<int> Exchanges)
{
    /// <summary>The result as every other report names it (failed, warning, information, not judged, ...); Outcome is the
    /// check's raw outcome, named as the report names every enum (kebab-case: not-applicable).</summary>
    public string? Result { get; init; }

    /// <summary>Level read back: it is written as the rule's <see cref="Rule.LevelText"/>, its level's name in capitals.</summary>
    [JsonIgnore]
    public RuleLevel RuleLevel => Enum.Parse<RuleLevel>(Level, ignoreCase: true);

    public static ResultInfo From(Finding f) => new(f.Rule.Id, f.Rule.LevelText, f.Operation, f.EntryPoint, f.Outcome, f.KnownFailure, f.Message, f.Expected, f.Actual, f.Exchanges ?? [])
    {
        Result = Verdicts.Label(Verdicts.ResultOf(f)),
    };
}

internal sealed record RuleInfo(string Id, string Level, IReadOnlyList<string> Operations, string Check, string Requirement, string Provenance, string? Reasoning, SourceQuote Source)
{
    public static RuleInfo From(Rule r) => new(r.Id, r.LevelText, r.Operations, r.Check, r.Requirement, r.Provenance, r.Reasoning, r.Source);
}
