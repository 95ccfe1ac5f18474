using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules on how the operations' answers for one entry point agree. Every relation is judged on every sample
/// (all GET answers requested at once): the answers the other rules judged, then at least two samples more. A
/// contradiction is forgiven only as one change of state between requests: a single sample contradicts a MUST
/// relation, the state before it differs from the state after it, and the state then settles (the last two samples
/// agree with each other and with every MUST relation). A flapping target, or one stale node behind a load balancer
/// (the same state before and after the contradiction), is not forgiven: every relation any sample contradicted fails.</summary>
internal static class ConsistencyChecks
{
    private static readonly IReadOnlyDictionary<string, Func<Snapshot, bool?>> Relations = new Dictionary<string, Func<Snapshot, bool?>>
    {
        ["allowed-implies-eligible"] = s => s.Allowed is not { } allowed || s.Eligible is not { } eligible ? null : !allowed || eligible,
        ["unavailable-implies-ineligible"] = s => s.Available is not { } available || s.Eligible is not { } eligible ? null : available || !eligible,
        ["unavailable-implies-refused"] = s => s.Available is not { } available || s.Allowed is not { } allowed ? null : available || !allowed,
        ["capacity-implies-available"] = s => s.Capacity is not { } positive || s.Available is not { } available ? null : !positive || available,
        ["refusal-matches-eligibility"] = s => s.Eligible is not { } eligible || s.Allowed is not { } allowed ? null
            : allowed || s.Refusal is null || !s.Refusal.When.Any(c => c is Condition.NoAgents or Condition.QueueFull) || !eligible,
    };

    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds =
        Relations.ToDictionary(r => r.Key, r => (CheckScope.EntryPoint, (CheckAction)((call, cancel) => Judge(call, r.Value, cancel))));

    private static async Task<Finding> Judge(CheckCall call, Func<Snapshot, bool?> holds, CancellationToken cancel)
    {
        var series = await call.Context.Once($"samples {call.EntryPoint}", () => Series(call.Context, call.EntryPoint!, cancel));
        var ids = series.Samples.SelectMany(s => s.Exchanges).ToList();
        var judged = series.Samples.Select(holds).ToList();
        var contradicted = judged.Select((h, i) => (h, n: i + 1)).Where(p => p.h == false).Select(p => p.n).ToList();
        var listed = string.Join("; ", series.Samples.Select((s, i) => $"sample {i + 1}: {s}"));
        if (contradicted.Count == 0)
        {
            return judged.All(h => h is null)
                ? call.Untestable($"Cannot compare: {series.Samples[^1].Missing()} (see the operations' own rules).", ids)
                : call.Pass($"Holds in every sample ({series.Samples.Count}): {series.Samples[^1]}.", ids);
        }
        if (series.Forgiven && holds(series.Samples[^1]) == true)
        {
            return call.Pass($"Sample {contradicted[0]} disagreed, as one change of state between requests does; the state then settled and agrees: {series.Samples[^1]}.", ids);
        }
        if (series.Samples.Select(Snapshot.Key).Distinct().Count() == 1)
        {
            return call.Fail($"The answers contradict each other in all {series.Samples.Count} samples taken at once, the same each time.", call.Rule.Requirement, series.Samples[0].ToString(), ids);
        }
        return call.Fail($"The answers contradict this rule in sample {string.Join(", ", contradicted)} of {series.Samples.Count}, and they disagree from one sample to the next "
            + $"({listed}): the target's answers contradict each other, not a single change of state.", call.Rule.Requirement, series.Samples[contradicted[0] - 1].ToString(), ids);
    }

    /// <summary>The samples of one entry point, shared by every relation; Forgiven when their contradiction reads as one change of state.</summary>
    private sealed record SampleSeries(IReadOnlyList<Snapshot> Samples, bool Forgiven);

    private static async Task<SampleSeries> Series(CheckContext context, string entryPoint, CancellationToken cancel)
    {
        var gate = Relations.Where(r => context.Spec.Rules.Rules.Any(rule => rule.Check == r.Key && rule.Level == RuleLevel.Must)).Select(r => r.Value).ToList();
        bool Consistent(Snapshot s) => gate.All(h => h(s) != false);
        bool Settled(List<Snapshot> s) => s.Count >= 2 && Snapshot.Key(s[^1]) == Snapshot.Key(s[^2]) && Consistent(s[^1]) && Consistent(s[^2]);
        // The shared answers first (already fetched), then two fresh samples one after the other: a flapping target
        // whose first sample happens to agree shows itself in the next.
        var samples = new List<Snapshot>
        {
            await Snapshot.SharedAsync(context, entryPoint, cancel),
            await Snapshot.TakeAsync(context, entryPoint, cancel),
            await Snapshot.TakeAsync(context, entryPoint, cancel),
        };
        while (!samples.All(Consistent) && !Settled(samples) && samples.Count < 3 + context.Settings.Resamples)
        {
            samples.Add(await Snapshot.TakeAsync(context, entryPoint, cancel));
        }
        var contradicted = samples.Select((s, i) => (s, i)).Where(p => !Consistent(p.s)).Select(p => p.i).ToList();
        var forgiven = Settled(samples) && contradicted is [var k] && k > 0 && Snapshot.Key(samples[k - 1]) != Snapshot.Key(samples[^1]);
        return new SampleSeries(samples, forgiven);
    }

    /// <summary>The values of every GET answer for one entry point, requested at the same moment.</summary>
    public sealed class Snapshot
    {
        private readonly Dictionary<string, Answer> _answers;

        private Snapshot(Dictionary<string, Answer> answers)
        {
            _answers = answers;
            Available = Boolean(Quantity.AgentsAvailable);
            Allowed = Boolean(Quantity.ChatAllowed);
            Capacity = Find(Quantity.Capacity) is var (a, f) && a.ValidValue(f) is { } c ? Lexical.IsPositive(c) : null;
            Eligible = answers.Values.Where(a => a.Unreadable is null).Select(a => (Answer: a, Field: a.Operation.Response!.Fields.FirstOrDefault(f => f.IsEligibility)))
                .FirstOrDefault(p => p.Field is not null) is ({ } answer, { } field) && answer.ValidValue(field) is { } e ? field.InvitesChat(e) : null;
            Refusal = Allowed == false ? Enumeration(Find(Quantity.ChatAllowed)?.Answer, f => f.Quantity == Quantity.Conditions) : null;
        }

        public bool? Available { get; }
        public bool? Allowed { get; }
        /// <summary>Whether the capacity is above zero (any legal count, however large), or null when unknown.</summary>
        public bool? Capacity { get; }
        public bool? Eligible { get; }
        public EnumMember? Refusal { get; }
        public IEnumerable<int> Exchanges => _answers.Values.Select(a => a.Exchange.Id);

        /// <summary>The answers the answer rules judged (each fetched once for the run), as the first sample.</summary>
        public static async Task<Snapshot> SharedAsync(CheckContext context, string entryPoint, CancellationToken cancel)
        {
            var operations = context.Spec.ReadOnlyOperations.ToList();
            var answers = await Task.WhenAll(operations.Select(op => context.AnswerAsync(op, entryPoint, cancel)));
            return new Snapshot(operations.Zip(answers).ToDictionary(p => p.First.Id, p => p.Second));
        }

        public static async Task<Snapshot> TakeAsync(CheckContext context, string entryPoint, CancellationToken cancel)
        {
            var operations = context.Spec.ReadOnlyOperations.ToList();
            var answers = await Task.WhenAll(operations.Select(op => context.FetchAsync(op, entryPoint, cancel)));
            return new Snapshot(operations.Zip(answers).ToDictionary(p => p.First.Id, p => p.Second));
        }

        /// <summary>What the relations read: two samples with the same key agree, whatever the waits and depths.</summary>
        public static string Key(Snapshot s) => $"{s.Available} {s.Allowed} {s.Capacity} {s.Eligible} {s.Refusal?.Value}";

        public string Missing() => string.Join(", ", new[] { (nameof(Available), Available.HasValue), (nameof(Allowed), Allowed.HasValue), (nameof(Capacity), Capacity.HasValue), (nameof(Eligible), Eligible.HasValue) }
            .Where(p => !p.Item2).Select(p => p.Item1.ToLowerInvariant() + " unknown"));

        public override string ToString() => string.Join(" ", _answers.Values.Select(a =>
            a.Unreadable is null
                ? string.Join(" ", a.Operation.Response!.Fields.Where(f => a.Raw(f) is not null).Select(f => $"{f.Name}={a.Raw(f)}"))
                : $"{a.Operation.Id}={a.Exchange.Status?.ToString() ?? a.Exchange.Failure.ToString()}"));

        private (Answer Answer, Field Field)? Find(string quantity) =>
            _answers.Values.Where(a => a.Unreadable is null).Select(a => (a, a.Operation.Response!.ByQuantity(quantity))).Where(p => p.Item2 is not null)
                .Select(p => ((Answer, Field)?)(p.a, p.Item2!)).FirstOrDefault();

        private bool? Boolean(string quantity) => Find(quantity) is var (a, f) && a.ValidValue(f) is { } v ? Lexical.ParseBoolean(v) : null;

        private static EnumMember? Enumeration(Answer? answer, Func<Field, bool> which) =>
            answer?.Unreadable is null && answer?.Operation.Response!.Fields.FirstOrDefault(which) is { } field && answer.ValidValue(field) is { } v ? field.Member(v) : null;
    }
}
