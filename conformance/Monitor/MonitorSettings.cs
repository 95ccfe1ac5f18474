using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;

namespace Ece.Conformance.Monitor;

/// <summary>What the monitor watches and how often; validated by the command (anything wrong is a UsageException).</summary>
internal sealed record MonitorSettings
{
    /// <summary>The targets this instance watches (its shard of them).</summary>
    public required IReadOnlyList<Uri> Targets { get; init; }

    /// <summary>Base path, entry points, latency budget. Writes are never allowed: <see cref="MonitorCycle"/> enforces it.</summary>
    public required CheckSettings Checks { get; init; }
    public TargetOptions Connection { get; init; } = new();
    public RuleFilter Filter { get; init; } = RuleFilter.All;
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>host:port of the metrics endpoint; loopback by default, since the page and /probe are not authenticated.</summary>
    public string Listen { get; init; } = "127.0.0.1:9464";
    public Uri? Webhook { get; init; }

    /// <summary>Requests in flight at once to one target (and connections kept to it).</summary>
    public const int RequestsPerTarget = 2;

    /// <summary>Cycles in flight at once, over all targets (each target has at most one).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>/probe accepts any http(s) target, not only the configured ones (off: the monitor is no open proxy).</summary>
    public bool ProbeAny { get; init; }

    /// <summary>Scheduling, back-off, durations and every request's time-out. Required: the command gives the system
    /// clock, a test its own.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The longest wait between two cycles of an unreachable target (the back-off doubles up to it).</summary>
    public TimeSpan MaxBackoff => Interval * 16 > TimeSpan.FromMinutes(5) ? Interval * 16 : TimeSpan.FromMinutes(5);
}
