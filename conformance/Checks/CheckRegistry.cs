using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>How often a kind of check runs: for each operation of its rule and each entry point, for each
/// operation once, for each entry point once (comparing operations), or once for the run.</summary>
public enum CheckScope { OperationAndEntryPoint, Operation, EntryPoint, Run }

public delegate Task<Finding> CheckAction(CheckCall call, CancellationToken cancel);

/// <summary>One invocation of a rule's check.</summary>
public sealed record CheckCall(Rule Rule, Operation? Operation, string? EntryPoint, CheckContext Context)
{
    public Finding Pass(string message, IReadOnlyList<int>? exchanges = null) => new(Rule, Operation?.Id, EntryPoint, Outcome.Passed, message, Exchanges: exchanges);

    public Finding Fail(string message, string? expected, string? actual, IReadOnlyList<int>? exchanges = null) =>
        new(Rule, Operation?.Id, EntryPoint, Outcome.Failed, message, expected, actual, exchanges);

    public Finding NotApplicable(string message, IReadOnlyList<int>? exchanges = null) => new(Rule, Operation?.Id, EntryPoint, Outcome.NotApplicable, message, Exchanges: exchanges);

    public Finding Untestable(string message, IReadOnlyList<int>? exchanges = null) => new(Rule, Operation?.Id, EntryPoint, Outcome.Untestable, message, Exchanges: exchanges);

    public Finding Skipped(string message) => new(Rule, Operation?.Id, EntryPoint, Outcome.Skipped, message);
}

/// <summary>The implementation of every check kind that rules.yaml names.</summary>
public static class CheckRegistry
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
