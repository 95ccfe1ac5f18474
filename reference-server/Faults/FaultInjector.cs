using System.Collections.Concurrent;
using System.Net;

namespace Ece.ReferenceServer.Faults;

/// <summary>A failure to inject into one operation's answers, so clients can be tested against them.</summary>
/// <param name="Status">Answer this status instead (with a short text body).</param>
/// <param name="DelayMs">Wait this long before answering.</param>
/// <param name="MalformedBody">Answer 200 with a body that is not well-formed XML.</param>
/// <param name="Times">Apply to this many requests, then clear; null for every request until cleared.</param>
internal sealed record Fault(int? Status = null, int DelayMs = 0, bool MalformedBody = false, int? Times = null)
{
    public const int MaxDelayMs = 120_000;

    public IEnumerable<string> Problems()
    {
        // A fault answers with a short text body, which 1xx, 204, 205 and 304 cannot carry.
        if (Status / 100 is < 2 or > 5 || Status is (int)HttpStatusCode.NoContent or (int)HttpStatusCode.ResetContent or (int)HttpStatusCode.NotModified) { yield return "status must be an HTTP status from 200 to 599 that carries a body (not 204, 205 or 304)"; }
        if (Status is null && DelayMs == 0 && !MalformedBody) { yield return "a fault needs status, delayMs or malformedBody"; }
        if (DelayMs is < 0 or > MaxDelayMs) { yield return $"delayMs must be from 0 to {MaxDelayMs}"; }
        if (Times is < 1) { yield return "times must be at least 1 (or left out for every request)"; }
        if (Status is not null && MalformedBody) { yield return "status and malformedBody exclude each other"; }
    }
}

/// <summary>The faults set through the control API; their delays run on the app's TimeProvider, so tests need not wait.</summary>
internal sealed class FaultInjector(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Fault> _faults = new();

    public IReadOnlyDictionary<string, Fault> Current => _faults;

    public void Set(string operation, Fault fault) => _faults[operation] = fault;

    public bool Clear(string operation) => _faults.TryRemove(operation, out _);

    public void ClearAll() => _faults.Clear();

    /// <summary>Takes the fault on <paramref name="operation"/>, if any, and waits its delay: what every endpoint does first.</summary>
    public async Task<Fault?> ApplyAsync(string operation, CancellationToken cancel)
    {
        var fault = Take(operation);
        if (fault is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), time, cancel);
        }
        return fault;
    }

    /// <summary>The fault to apply to this request of <paramref name="operation"/>, counting it down.</summary>
    public Fault? Take(string operation)
    {
        while (_faults.TryGetValue(operation, out var fault))
        {
            if (fault.Times is null)
            {
                return fault;
            }
            var updated = fault.Times == 1 ? null : fault with { Times = fault.Times - 1 };
            var replaced = updated is null
                ? _faults.TryRemove(new KeyValuePair<string, Fault>(operation, fault))
                : _faults.TryUpdate(operation, updated, fault);
            if (replaced)
            {
                return fault;
            }
        }
        return null;
    }
}
