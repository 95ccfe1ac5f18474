using System.Globalization;
using Ece.Spec;

namespace Ece.Conformance.Running;

/// <summary>What a customer sees now at one entry point, beside the verdict: conformance is not availability. A chat
/// can start when chatAllowed says so (it checks the entry point's status, the agents and the queue); why not is its
/// reason, with the words a chat button says for it, and what the other operations answered at that moment.</summary>
/// <param name="ChatCanStart">chatAllowed's answer; null when it gave none that could be read.</param>
/// <param name="Says">One line: whether a chat can start and why not, then each other operation's values.</param>
internal sealed record CustomersNow(string EntryPoint, bool? ChatCanStart, string? Reason, string Says)
{
    public static IReadOnlyList<CustomersNow> PerEntryPoint(EceSpec spec, IReadOnlyList<string> entryPoints, IReadOnlyList<Observation> observations) =>
        [.. entryPoints.Where(e => observations.Any(o => o.EntryPoint == e)).Select(e => At(spec, e, observations.Where(o => o.EntryPoint == e).ToList()))];

    private static CustomersNow At(EceSpec spec, string entryPoint, IReadOnlyList<Observation> seen)
    {
        var (operation, allowed) = spec.Reporting(Quantity.ChatAllowed);
        var conditions = operation.Response?.ByQuantity(Quantity.Conditions);
        var answer = seen.FirstOrDefault(o => o.Operation == operation.Id);
        bool? can = answer is not null && answer.Values.TryGetValue(allowed.Name, out var value) && allowed.Accepts(value) ? allowed.InvitesChat(value) : null;
        string? reason = null;
        if (conditions is not null && answer is not null && answer.Values.TryGetValue(conditions.Name, out var raw))
        {
            reason = raw;
        }
        var head = can switch
        {
            true => "a chat can start",
            false => $"no chat can start ({operation.Id} {allowed.Name}=false{(reason is null ? "" : $", {conditions!.Name}={reason}{Customer(conditions, reason)}")})",
            null => $"not known ({operation.Id} {(answer is null ? "was not asked" : $"answered {Answered(answer)}")})",
        };
        var others = seen.Where(o => o.Operation != operation.Id).OrderBy(o => spec.Operations.ToList().FindIndex(x => x.Id == o.Operation))
            .Select(o => $"{o.Operation} {(o.Values.Count == 0 ? Answered(o) : string.Join(", ", o.Values.Select(v => $"{v.Key}={v.Value}{Customer(spec, o.Operation, v.Key, v.Value)}")))}");
        return new CustomersNow(entryPoint, can, reason, string.Join("; ", others.Prepend(head)));
    }

    /// <summary>An answer without readable values, as its status and media type.</summary>
    private static string Answered(Observation o) =>
        o.Status is { } status ? $"{status.ToString(CultureInfo.InvariantCulture)}{(o.MediaType is null ? "" : " " + o.MediaType)}" : "nothing";

    private static string Customer(EceSpec spec, string operation, string name, string value) =>
        spec.Operations.FirstOrDefault(o => o.Id == operation)?.Response?.Fields.FirstOrDefault(f => f.Name == name) is { IsEnum: true } field ? Customer(field, value) : "";

    /// <summary>What a chat button tells the customer for an enumeration's value, in quotes, when the spec says.</summary>
    private static string Customer(Field field, string value) =>
        field.Member(value)?.Customer is { Length: > 0 } words ? $": \"{words.TrimEnd('.')}\"" : "";

    /// <summary>The entry points, each on a line of its own: what the console and the reports print.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<CustomersNow> now) => now.Select(n => $"entry point {n.EntryPoint}: {n.Says}");
}
