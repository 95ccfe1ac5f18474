using System.Text.Json;
using System.Text.Json.Serialization;
using Ece.Conformance.Checks;

namespace Ece.Conformance.Running;

/// <summary>Known failures that do not fail the gate: MUST and SHOULD rules that failed or could not be judged (MAY
/// rules are information and never gate). An entry that no longer fails is stale, and one past its expiry date is
/// expired: both fail the run, so the file stays true. Operation and entry point narrow an entry; left out, it covers
/// the rule everywhere. why, ticket and expires say who owns the exception and until when.</summary>
internal sealed record Baseline(int Version, IReadOnlyList<BaselineEntry> KnownFailures)
{
    public const int CurrentVersion = 1;

    private static readonly BaselineJson s_json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // An entry without its rule, or a null where the type has no null, is refused as the file's fault (exit 2),
        // never read as a baseline that breaks the run later.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    });

    /// <summary>The largest baseline read: an entry is ~100 bytes, and a run has ~200 findings to excuse.</summary>
    public const int MaxBytes = 16 << 20;

    public static Baseline Load(string path)
    {
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize(InputFile.ReadUtf8(path, MaxBytes, "baseline").Span, s_json.Baseline);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"The baseline {path} cannot be read: {e.Message}");
        }
        if (baseline is null || baseline.Version != CurrentVersion)
        {
            throw new UsageException($"The baseline {path} is not a version {CurrentVersion} baseline.");
        }
        // The serializer leaves a list's items to the file: null there is no entry.
        if (baseline.KnownFailures.Any(k => k is null))
        {
            throw new UsageException($"The baseline {path} has a null among its knownFailures: each is an object with at least a rule.");
        }
        // A misspelt entry would be "stale" for ever: refuse it by name instead.
        var spec = Spec.EceSpec.Default;
        if (baseline.KnownFailures.FirstOrDefault(k => !spec.Rules.Contains(k.Rule) || (k.Operation is not null && spec.Operations.All(o => o.Id != k.Operation))) is { } wrong)
        {
            throw new UsageException($"The baseline {path} names {(spec.Rules.Contains(wrong.Rule) ? $"operation {wrong.Operation}" : $"rule {wrong.Rule}")}, which the spec does not have (see --list).");
        }
        return baseline;
    }

    public static Baseline From(IEnumerable<Finding> findings) => new(CurrentVersion, findings
        .Where(Gates)
        .Select(f => new BaselineEntry(f.Rule.Id, f.Operation, f.EntryPoint, f.Outcome == Outcome.Failed ? "failing when the baseline was written" : "not judged when the baseline was written"))
        .Distinct()
        .ToList());

    /// <summary>A finding a baseline entry can cover: a MUST or SHOULD rule that failed or could not be judged.</summary>
    private static bool Gates(Finding f) => f.Outcome is Outcome.Failed or Outcome.Untestable && f.Rule.Level != Spec.RuleLevel.May;

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json.Baseline));

    /// <summary>Marks the findings the baseline's live entries cover; returns the entries that matched nothing (stale)
    /// and those past their expiry date on <paramref name="today"/> (expired, which cover nothing).</summary>
    public (IReadOnlyList<Finding> Findings, IReadOnlyList<BaselineEntry> Stale, IReadOnlyList<BaselineEntry> Expired) Apply(IReadOnlyList<Finding> findings, DateOnly today)
    {
        var expired = KnownFailures.Where(k => k.Expires < today).ToList();
        var live = KnownFailures.Except(expired).ToList();
        var marked = findings.Select(f => Gates(f) && live.Any(k => k.Covers(f)) ? f with { KnownFailure = true } : f).ToList();
        var stale = live.Where(k => !findings.Any(f => Gates(f) && k.Covers(f))).ToList();
        return (marked, stale, expired);
    }
}

internal sealed record BaselineEntry(string Rule, string? Operation = null, string? EntryPoint = null, string? Why = null, string? Ticket = null, DateOnly? Expires = null)
{
    public string DescribeExpiry() => $"{this} (ticket {Ticket ?? "none"}, expired {Expires:yyyy-MM-dd})";

    public bool Covers(Finding f) =>
        f.Rule.Id == Rule && (Operation is null || Operation == f.Operation) && (EntryPoint is null || EntryPoint == f.EntryPoint);

    public override string ToString() => Rule + (Operation is null ? "" : " " + Operation) + (EntryPoint is null ? "" : $" [{EntryPoint}]");
}

/// <summary>The baseline's metadata from build time: the native runner builds none by reflection.</summary>
[JsonSerializable(typeof(Baseline))]
internal sealed partial class BaselineJson : JsonSerializerContext;
