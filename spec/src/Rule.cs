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
    SourceQuote Source)
{
    /// <summary>A rule for a chat-button page (scope client), judged by the button command, never in a server run.</summary>
    public bool IsClient => Operations.Count == 0;

    /// <summary>For a MUST the source does not state: the real client that breaks when the rule is broken, and how.</summary>
    public string? Client { get; init; }

    /// <summary>The observations (spec/observed.yaml) the rule or its level rests on.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Why the rule has its level, by the level policy of rules.yaml.</summary>
    public string LevelReason => Level switch
    {
        RuleLevel.Must when Provenance == "source" => "stated by the source",
        RuleLevel.Must => "a real client breaks otherwise: " + Client,
        RuleLevel.Should => "no client breaks, but one is served worse or the source's form is not followed",
        _ => "information only",
    };

    public bool IsDerived => Provenance != "source";

    public string LevelText => Level.ToString().ToUpperInvariant();
}

public sealed record SourceQuote(SourceSection Section, string Fr, string En);
