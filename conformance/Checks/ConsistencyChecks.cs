using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules on how the operations' answers for one entry point agree. Each relation is judged on a
/// snapshot (all GET answers taken at once); one that disagrees is taken again before it is reported,
/// so a change of state between two requests is not called a failure.</summary>
public static class ConsistencyChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["allowed-implies-eligible"] = Relation(s => s.Allowed is not { } allowed || s.Eligible is not { } eligible ? null : !allowed || eligible),
        ["unavailable-implies-ineligible"] = Relation(s => s.Available is not { } available || s.Eligible is not { } eligible ? null : available || !eligible),
        ["unavailable-implies-refused"] = Relation(s => s.Available is not { } available || s.Allowed is not { } allowed ? null : available || !allowed),
        ["capacity-implies-available"] = Relation(s => s.Capacity is not { } capacity || s.Available is not { } available ? null : capacity == 0 || available),
        ["refusal-matches-eligibility"] = Relation(s => s.Eligible is not { } eligible || s.Allowed is not { } allowed ? null
            : allowed || s.Refusal is null || !s.Refusal.When.Any(c => c is Condition.NoAgents or Condition.QueueFull) || !eligible),
    };

    private static (CheckScope, CheckAction) Relation(Func<Snapshot, bool?> holds) => (CheckScope.EntryPoint, async (call, cancel) =>
    {
        var samples = new List<Snapshot> { await First(call, cancel) };
        while (holds(samples[^1]) == false && samples.Count <= call.Context.Settings.Resamples)
        {
            samples.Add(await Snapshot.TakeAsync(call.Context, call.EntryPoint!, cancel));
        }
        var last = samples[^1];
        var ids = samples.SelectMany(s => s.Exchanges).ToList();
        return holds(last) switch
        {
            null => call.Untestable($"Cannot compare: {last.Missing()} (see the operations' own rules).", ids),
            true when samples.Count > 1 => call.Pass($"Consistent on sample {samples.Count}: {last}. The first sample disagreed ({samples[0]}), as a change of state between requests does.", ids),
            true => call.Pass(last.ToString(), ids),
            false => call.Fail($"The answers contradict each other in {samples.Count} samples taken at once.", call.Rule.Requirement, last.ToString(), ids),
        };
    });

    /// <summary>The first sample is shared by every relation for the entry point; re-samples are each taken afresh.</summary>
    private static Task<Snapshot> First(CheckCall call, CancellationToken cancel) =>
        call.Context.Once($"snapshot {call.EntryPoint}", () => Snapshot.TakeAsync(call.Context, call.EntryPoint!, cancel));

    /// <summary>The values of every GET answer for one entry point, requested at the same moment.</summary>
    public sealed class Snapshot
    {
        private readonly Dictionary<string, Answer> _answers;

        private Snapshot(Dictionary<string, Answer> answers)
        {
            _answers = answers;
            Available = Boolean(Quantity.AgentsAvailable);
            Allowed = Boolean(Quantity.ChatAllowed);
            Capacity = Find(Quantity.Capacity) is var (a, f) && a.Valid(f) is { } c ? long.Parse(Lexical.Collapse(c).TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture) : null;
            var eligibility = Enumeration(answers.Values.FirstOrDefault(x => x.Operation.Response!.Fields.Any(IsEligibility)), IsEligibility);
            Eligible = eligibility is null ? null : eligibility.When.Count == 0;
            Refusal = Allowed == false ? Enumeration(Find(Quantity.ChatAllowed)?.Answer, f => f.Quantity == Quantity.Conditions) : null;
        }

        public bool? Available { get; }
        public bool? Allowed { get; }
        public long? Capacity { get; }
        public bool? Eligible { get; }
        public EnumMember? Refusal { get; }
        public IEnumerable<int> Exchanges => _answers.Values.Select(a => a.Exchange.Id);

        public static async Task<Snapshot> TakeAsync(CheckContext context, string entryPoint, CancellationToken cancel)
        {
            var operations = context.Spec.GetOperations.ToList();
            var answers = await Task.WhenAll(operations.Select(op => context.FetchAsync(op, entryPoint, cancel)));
            return new Snapshot(operations.Zip(answers).ToDictionary(p => p.First.Id, p => p.Second));
        }

        public string Missing() => string.Join(", ", new[] { (nameof(Available), Available.HasValue), (nameof(Allowed), Allowed.HasValue), (nameof(Capacity), Capacity.HasValue), (nameof(Eligible), Eligible.HasValue) }
            .Where(p => !p.Item2).Select(p => p.Item1.ToLowerInvariant() + " unknown"));

        public override string ToString() => string.Join(" ", _answers.Values.Select(a =>
            a.Unreadable is null
                ? string.Join(" ", a.Operation.Response!.Fields.Where(f => a.Raw(f) is not null).Select(f => $"{f.Name}={a.Raw(f)}"))
                : $"{a.Operation.Id}={a.Exchange.Status?.ToString() ?? a.Exchange.Failure.ToString()}"));

        // The eligibility is the enumeration with a default member (the value when no condition holds).
        private static bool IsEligibility(Field f) => f.Quantity == Quantity.Conditions && f.Members.Any(m => m.When.Count == 0);

        private (Answer Answer, Field Field)? Find(string quantity) =>
            _answers.Values.Where(a => a.Unreadable is null).Select(a => (a, a.Operation.Response!.ByQuantity(quantity))).Where(p => p.Item2 is not null)
                .Select(p => ((Answer, Field)?)(p.a, p.Item2!)).FirstOrDefault();

        private bool? Boolean(string quantity) => Find(quantity) is var (a, f) && a.Valid(f) is { } v ? Lexical.ParseBoolean(v) : null;

        private static EnumMember? Enumeration(Answer? answer, Func<Field, bool> which) =>
            answer?.Unreadable is null && answer?.Operation.Response!.Fields.FirstOrDefault(which) is { } field && answer.Valid(field) is { } v ? field.Member(v) : null;
    }
}
