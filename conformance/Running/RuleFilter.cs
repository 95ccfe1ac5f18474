using Ece.Spec;

namespace Ece.Conformance.Running;

/// <summary>--only and --skip: each term is a rule id, the start of one (ECE-CA), an operation id, or a level.</summary>
internal sealed record RuleFilter(IReadOnlyList<string> Only, IReadOnlyList<string> Skip)
{
    public static readonly RuleFilter All = new([], []);

    /// <summary>The operations the terms name (--only capacity): a rule on every GET operation is then checked on those only.</summary>
    public IReadOnlyList<string> OnlyOperations(EceSpec spec) => Only.Where(t => spec.Operations.Any(o => o.Id == t)).ToList();

    public bool Selects(Rule rule) => (Only.Count == 0 || Only.Any(t => Matches(rule, t))) && !Skip.Any(t => Matches(rule, t));

    /// <summary>Terms that match no rule: most likely typos, which must not silently select nothing.</summary>
    public IEnumerable<string> Unknown(EceSpec spec) => Only.Concat(Skip).Where(t => !spec.Rules.Rules.Any(r => Matches(r, t)));

    private static bool Matches(Rule rule, string term) =>
        rule.Id.StartsWith(term, StringComparison.OrdinalIgnoreCase)
        || rule.Operations.Contains(term)
        || rule.LevelText.Equals(term, StringComparison.OrdinalIgnoreCase);
}
