using Ece.Conformance.Checks;
using Ece.Conformance.Http;

namespace Ece.Conformance.Running;

/// <summary>Numbers a run's requests in the order its reports cite them. The checks run side by side, so the order the
/// requests were sent in is the scheduler's: without this, two runs of the same target number them differently and
/// their reports differ where nothing did.</summary>
internal static class RequestNumbers
{
    /// <summary>The first request (<paramref name="first"/>, the preflight) keeps number 1; then those the findings cite, in
    /// the findings' order; then the rest, by what they asked for.</summary>
    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<Exchange> Exchanges) InCitedOrder(
        IReadOnlyList<Finding> findings, IReadOnlyList<Exchange> exchanges, Exchange? first)
    {
        var number = new Dictionary<int, int>();
        if (first is not null)
        {
            number.Add(first.Id, 1);
        }
        foreach (var id in findings.SelectMany(f => f.Exchanges ?? []))
        {
            number.TryAdd(id, number.Count + 1);
        }
        var rest = exchanges.Where(x => !number.ContainsKey(x.Id))
            .OrderBy(x => x.Operation, StringComparer.Ordinal).ThenBy(x => x.Method, StringComparer.Ordinal)
            .ThenBy(x => x.Url, StringComparer.Ordinal).ThenBy(x => x.RequestBody, StringComparer.Ordinal).ThenBy(x => x.Id);
        foreach (var x in rest)
        {
            number.Add(x.Id, number.Count + 1);
        }
        return (
            [.. findings.Select(f => f.Exchanges is { Count: > 0 } ids ? f with { Exchanges = [.. ids.Where(number.ContainsKey).Select(id => number[id])] } : f)],
            [.. exchanges.Where(x => number.ContainsKey(x.Id)).Select(x => x with { Id = number[x.Id] }).OrderBy(x => x.Id)]);
    }
}
