using System.Text.Json;
using System.Text.Json.Serialization;
using Ece.Conformance.Checks;

namespace Ece.Conformance.Running;

/// <summary>Known failures that do not fail the gate. An entry that no longer fails is stale and fails the run,
/// so the file stays true. Operation and entry point narrow an entry; left out, it covers the rule everywhere.</summary>
public sealed record Baseline(int Version, IReadOnlyList<BaselineEntry> KnownFailures)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Baseline Load(string path)
    {
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<Baseline>(File.ReadAllText(path), s_json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The baseline {path} cannot be read: {e.Message}");
        }
        if (baseline is null || baseline.Version != CurrentVersion)
        {
            throw new UsageException($"The baseline {path} is not a version {CurrentVersion} baseline.");
        }
        return baseline;
    }

    public static Baseline From(IEnumerable<Finding> findings) => new(CurrentVersion, findings
        .Where(f => f.Outcome == Outcome.Failed)
        .Select(f => new BaselineEntry(f.Rule.Id, f.Operation, f.EntryPoint, "failing when the baseline was written"))
        .Distinct()
        .ToList());

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));

    /// <summary>Marks the failures the baseline knows, and returns the entries that matched no failure.</summary>
    public (IReadOnlyList<Finding> Findings, IReadOnlyList<BaselineEntry> Stale) Apply(IReadOnlyList<Finding> findings)
    {
        var marked = findings.Select(f => f.Outcome == Outcome.Failed && KnownFailures.Any(k => k.Covers(f)) ? f with { KnownFailure = true } : f).ToList();
        var stale = KnownFailures.Where(k => !findings.Any(f => f.Outcome == Outcome.Failed && k.Covers(f))).ToList();
        return (marked, stale);
    }
}

public sealed record BaselineEntry(string Rule, string? Operation = null, string? EntryPoint = null, string? Why = null)
{
    public bool Covers(Finding f) =>
        f.Rule.Id == Rule && (Operation is null || Operation == f.Operation) && (EntryPoint is null || EntryPoint == f.EntryPoint);

    public override string ToString() => Rule + (Operation is null ? "" : " " + Operation) + (EntryPoint is null ? "" : $" [{EntryPoint}]");
}

/// <summary>Bad arguments or input: the run cannot start (exit 2), and the message says why.</summary>
public sealed class UsageException(string message) : Exception(message);
