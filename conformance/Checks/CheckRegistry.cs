using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>How often a kind of check runs: for each operation of its rule and each entry point, for each
/// operation once, or for each entry point once (comparing operations).</summary>
internal enum CheckScope { OperationAndEntryPoint, Operation, EntryPoint }

internal delegate Task<Finding> CheckAction(CheckCall call, CancellationToken cancel);

/// <summary>One invocation of a rule's check.</summary>
internal sealed record CheckCall(Rule Rule, Operation? Operation, string? EntryPoint, CheckContext Context)
{
    /// <summary>The most of a finding's text kept: a target's text reaches findings (names, values, parser messages),
    /// so every finding is an excerpt; the whole answer is in its exchange, stored once.</summary>
    public const int MaxText = 1000;

    public Finding Pass(string message, IReadOnlyList<int>? exchanges = null) => Make(Outcome.Passed, message, null, null, exchanges);

    public Finding Fail(string message, string? expected, string? actual, IReadOnlyList<int>? exchanges = null) => Make(Outcome.Failed, message, expected, actual, exchanges);

    public Finding NotApplicable(string message, IReadOnlyList<int>? exchanges = null) => Make(Outcome.NotApplicable, message, null, null, exchanges);

    public Finding Untestable(string message, IReadOnlyList<int>? exchanges = null) => Make(Outcome.Untestable, message, null, null, exchanges);

    public Finding Skipped(string message) => Make(Outcome.Skipped, message, null, null, null);

    private Finding Make(Outcome outcome, string message, string? expected, string? actual, IReadOnlyList<int>? exchanges) =>
        new(Rule, Operation?.Id, EntryPoint, outcome, SafeXml.Cut(message, MaxText),
            expected is null ? null : SafeXml.Cut(expected, MaxText), actual is null ? null : SafeXml.Cut(actual, MaxText), exchanges);
}

/// <summary>The implementation of every check kind that rules.yaml names.</summary>
internal static class CheckRegistry
{
    public static readonly IReadOnlyDictionary<string, (CheckScope Scope, CheckAction Action)> Kinds =
        AnswerChecks.Kinds
            .Concat(FieldChecks.Kinds)
            .Concat(ProbeChecks.Kinds)
            .Concat(JsonChecks.Kinds)
            .Concat(ClientChecks.Kinds)
            .Concat(ConsistencyChecks.Kinds)
            .Concat(SurveyChecks.Kinds)
            .Concat(BrowserChecks.Kinds)
            .ToDictionary(k => k.Key, k => k.Value);
}
