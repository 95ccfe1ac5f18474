using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Running;

/// <summary>The outcome of a run: every finding, every exchange, and the verdict.</summary>
internal sealed record RunResult(
    CheckedTarget Target,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Exchange> Exchanges,
    IReadOnlyList<BaselineEntry> StaleBaseline,
    Verdict Verdict,
    IReadOnlyList<string> Notes)
{
    /// <summary>What the run found wrong with its own set-up (the diagnosis): the console says it first and folds
    /// the findings it caused into one line.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What each operation answered for each entry point: what compare shows changes of.</summary>
    public IReadOnlyList<Observation> Observations { get; init; } = [];
}

/// <summary>An answer as observed: status, media type and the raw value of each documented field present.</summary>
internal sealed record Observation(string Operation, string EntryPoint, int? Status, string? MediaType, IReadOnlyDictionary<string, string> Values)
{
    public static Observation From(Checks.Answer answer) => new(
        answer.Operation.Id,
        answer.EntryPoint,
        answer.Exchange.Status,
        answer.Exchange.MediaType,
        answer.Values());
}

/// <summary>Plans the checks of the rule catalogue for a target and runs them.</summary>
internal static class ConformanceRun
{
    public static IReadOnlyList<CheckCall> Plan(CheckContext context, RuleFilter filter, out IReadOnlyList<Finding> skipped)
    {
        var calls = new List<CheckCall>();
        var notSelected = new List<Finding>();
        foreach (var rule in context.Spec.Rules.Rules.Where(r => !r.IsClient))
        {
            var only = filter.OnlyOperations(context.Spec);
            var operations = rule.Operations.Where(o => only.Count == 0 || only.Contains(o) || !rule.Operations.Any(only.Contains))
                .Select(context.Spec.Operation).ToList();
            if (!filter.Selects(rule))
            {
                notSelected.Add(new Finding(rule, string.Join(", ", rule.Operations), null, Outcome.Skipped, "Not selected (--only/--skip)."));
                continue;
            }
            var (scope, _) = CheckRegistry.Kinds[rule.Check];
            var entryPoints = context.Settings.EntryPoints;
            calls.AddRange(scope switch
            {
                CheckScope.OperationAndEntryPoint => operations.SelectMany(op => entryPoints.Select(ep => new CheckCall(rule, op, ep, context))),
                CheckScope.Operation => operations.Select(op => new CheckCall(rule, op, null, context)),
                _ => entryPoints.Select(ep => new CheckCall(rule, null, ep, context)),
            });
        }
        skipped = notSelected;
        return calls;
    }

    /// <summary>Runs the planned calls; those not done when <paramref name="deadline"/> passes on <paramref name="time"/>
    /// (the run's clock) are reported as not judged.</summary>
    public static async Task<IReadOnlyList<Finding>> ExecuteAsync(IReadOnlyList<CheckCall> calls, TimeSpan deadline, IProgress<Finding>? progress, TimeProvider time, CancellationToken cancel)
    {
        using var clock = new CancellationTokenSource(deadline, time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel, clock.Token);
        var tasks = calls.Select(call => RunOne(call, timer.Token, progress)).ToList();
        return await Task.WhenAll(tasks);

        async Task<Finding> RunOne(CheckCall call, CancellationToken token, IProgress<Finding>? report)
        {
            Finding finding;
            try
            {
                finding = await CheckRegistry.Kinds[call.Rule.Check].Action(call, token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                finding = call.Untestable($"The run's deadline ({deadline.TotalSeconds:0} s) passed before this check finished.");
            }
            catch (OperationCanceledException)
            {
                return call.Untestable("Interrupted (Ctrl+C or SIGTERM) before this check finished.") with { Interrupted = true };
            }
            report?.Report(finding);
            return finding;
        }
    }

    /// <summary>Whether the target can be reached at all; an unreachable target is exit 2 at once, with its reason.</summary>
    public static async Task<Exchange> PreflightAsync(CheckContext context, CancellationToken cancel)
    {
        var op = context.Spec.Reporting(Quantity.ChatAllowed).Operation;
        return await context.Target.SendAsync(HttpMethod.Get, context.PathOf(op, context.Settings.EntryPoints[0]), context.Settings.Accept, operation: op.Id, cancel: cancel);
    }
}
