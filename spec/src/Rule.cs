namespace Ece.Spec;

public enum RuleLevel { Must, Should, May }

/// <summary>One checkable statement of the contract (rules.yaml).</summary>
/// <param name="Operations">The operations the rule applies to, resolved from its scope.</param>
/// <param name="Check">The kind of check the runner performs for it.</param>
/// <param name="Target">The field of the operation's message the check looks at, if any.</param>
public sealed record Rule(
    string Id,
    RuleLevel Level,
    IReadOnlyList<string> Operations,
    string Check,
    string? Target,
    string Requirement,
    string Provenance,
    string? Reasoning,
    SourceQuote Source,
    string? Note)
{
    public bool IsDerived => Provenance != "source";

    public string LevelText => Level.ToString().ToUpperInvariant();
}

public sealed record SourceQuote(SourceSection Section, string Fr, string En);
