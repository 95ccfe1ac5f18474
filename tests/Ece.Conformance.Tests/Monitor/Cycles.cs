using Ece.Conformance.Checks;
using Ece.Conformance.Monitor;
using Ece.Spec;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>Cycles made up for the state's tests: one MUST rule of one operation and entry point, judged or not.</summary>
internal static class Cycles
{
    public static readonly Uri Target = new("http://ece1.example/");
    public static readonly Rule Must = EceSpec.Default.Rules.Rules.First(r => r.Level == RuleLevel.Must && !r.IsClient);
    public static readonly string Operation = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;
    public const string EntryPoint = "1000";

    /// <summary>A cycle at <paramref name="minute"/> whose rule had <paramref name="outcome"/>; null for a target not reached.</summary>
    public static CycleResult Of(Outcome? outcome, int minute) => new(Target, DateTimeOffset.UnixEpoch.AddMinutes(minute), TimeSpan.FromSeconds(1),
        Reachable: outcome is not null, outcome is null ? "connection refused" : null,
        outcome is { } o ? [new Finding(Must, Operation, EntryPoint, o, "finding", null, null)] : [], [], new Dictionary<string, ButtonState>());
}
