using System.Text;
using Ece.Conformance.Reports;
using Ece.Spec;

namespace Ece.Conformance.Monitor;

/// <summary>The monitor's state families (rule outcomes, button state and reason, target up and back-off), written in
/// the text exposition format straight from <see cref="MonitorState"/>'s snapshot at each scrape, as kube-state-metrics
/// writes its own. Held as exporter series they cost about a kilobyte each, and there are about a hundred per target and
/// entry point: 1,000 targets took 0.8-1 GB. Written here they cost nothing between scrapes, and a series ends when its
/// state does (Prometheus marks it stale at the next scrape), instead of lingering until an exporter's expiry.
/// Counters and histograms, which accumulate, stay on System.Diagnostics.Metrics and prometheus-net (<see cref="MonitorMetrics"/>).</summary>
internal static class StateExposition
{
    /// <summary>One gauge family: its name, written once here (the monitor's prefix added), and what it says.</summary>
    private sealed record Gauge(string Name, string Help)
    {
        private readonly string _name = MonitorMetrics.MeterName + "_" + Name;

        public void Header(StringBuilder b) => PrometheusText.Header(b, _name, Help, "gauge");

        public void Sample(StringBuilder b, double value, params ReadOnlySpan<(string Name, string Value)> labels) =>
            PrometheusText.Sample(b, _name, value, labels);
    }

    /// <summary>Writes a family's series for one target, whose label is already made.</summary>
    private delegate void Series(Gauge gauge, StringBuilder b, TargetSnapshot t, string target);

    /// <summary>A state family: its gauge and how its series are read from a target's snapshot.</summary>
    private sealed record Family(Gauge Gauge, Series Series);

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static IReadOnlyList<Family> Families(EceSpec spec)
    {
        var reasons = ButtonState.Reasons(spec);
        var polled = spec.Reporting(Quantity.ChatAllowed).Operation.Id;
        // The label is named after the answer's field that carries the reason.
        var reasonLabel = ButtonState.ReasonField(spec).Name;
        return
        [
            new(new("rule_outcome", "The last outcome of each rule per target, entry point and operation: one series per rule, value 1, the outcome in its outcome label (Verdicts' words: failed, warning and information are a MUST, SHOULD and MAY rule failing)."),
                RuleOutcomes),
            new(new("chat_button_state", $"What a chat button polling {polled} shows: 1 for shown, hidden or unknown (not checked yet, or target unreachable), 0 for the others."),
                ButtonStates),
            new(new("chat_button_hidden_reason", "Why the button is hidden: 1 for the reason (the spec's refusal reasons, refused without one, error for no readable answer); business=true for the spec's business-as-usual reasons, unknown where the source leaves it open."),
                (gauge, b, t, target) => HiddenReasons(gauge, b, t, target, reasons, reasonLabel)),
            new(new("chat_button_last_change_timestamp_seconds", "When the button last changed state or reason (Unix time)."),
                ButtonChanges),
            new(new("target_up", "1 when the last cycle reached the target, 0 when it could not connect."),
                TargetUp),
            new(new("target_misconfigured", "1 for the reason the last cycle tested the wrong thing (base_path, refused, redirected, not_http, entry_points, timeout), 0 for the others: a set-up to change (the log says which option), never an outage; its rules are not judged and its buttons unknown meanwhile."),
                TargetMisconfigured),
            new(new("target_last_cycle_timestamp_seconds", "When the last cycle of the target started (Unix time): a target whose cycles stop (time() minus this grows past the interval and its back-off) is no longer watched."),
                LastCycle),
            new(new("target_backoff_seconds", "How much longer than the interval the monitor waits before the next cycle of an unreachable target (0 when reachable)."),
                (gauge, b, t, target) => gauge.Sample(b, t.Backoff.TotalSeconds, ("target", target))),
        ];
    }

    private static void RuleOutcomes(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        foreach (var (key, outcome) in t.Outcomes)
        {
            gauge.Sample(b, 1, ("target", target), ("entry_point", key.EntryPoint), ("operation", key.Operation),
                ("rule", key.Rule), ("level", outcome.Rule.LevelText), ("outcome", Verdicts.Label(outcome.Result)));
        }
    }

    private static void ButtonStates(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        foreach (var (ep, since) in t.Buttons)
        {
            foreach (var shown in Enum.GetValues<ButtonShown>())
            {
                gauge.Sample(b, since.Button.Shown == shown ? 1 : 0, ("target", target), ("entry_point", ep), ("state", ButtonState.Name(shown)));
            }
        }
    }

    private static void HiddenReasons(Gauge gauge, StringBuilder b, TargetSnapshot t, string target, IReadOnlyList<(string Reason, bool? Business)> reasons, string reasonLabel)
    {
        foreach (var (ep, since) in t.Buttons)
        {
            foreach (var (reason, business) in reasons)
            {
                gauge.Sample(b, since.Button.Shown == ButtonShown.Hidden && since.Button.Reason == reason ? 1 : 0,
                    ("target", target), ("entry_point", ep), (reasonLabel, reason), ("business", ButtonState.BusinessLabel(business)));
            }
        }
    }

    private static void ButtonChanges(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        foreach (var (ep, since) in t.Buttons.Where(b => b.Value.Since != DateTimeOffset.MinValue))
        {
            gauge.Sample(b, since.Since.ToUnixTimeMilliseconds() / 1000.0, ("target", target), ("entry_point", ep));
        }
    }

    private static void TargetUp(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        if (t.Up is { } up)
        {
            gauge.Sample(b, up ? 1 : 0, ("target", target));
        }
    }

    private static void TargetMisconfigured(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        if (t.Up == true)
        {
            foreach (var reason in Misconfigurations)
            {
                gauge.Sample(b, t.Misconfigured?.Reason == reason ? 1 : 0, ("target", target), (MisconfiguredLabel, reason));
            }
        }
    }

    private static void LastCycle(Gauge gauge, StringBuilder b, TargetSnapshot t, string target)
    {
        if (t.LastCycleAt is { } at)
        {
            gauge.Sample(b, at.ToUnixTimeMilliseconds() / 1000.0, ("target", target));
        }
    }

    /// <summary>The label of ece_target_misconfigured that says why: named after the record's member, not the spec's field.</summary>
    private static readonly string MisconfiguredLabel = nameof(Misconfiguration.Reason).ToLowerInvariant();

    /// <summary>Every reason label of ece_target_misconfigured: a fixed set, whatever a target sends.</summary>
    internal static readonly IReadOnlyList<string> Misconfigurations =
        [Running.Diagnosis.BasePath, Running.Diagnosis.Refused, Running.Diagnosis.Redirected, Running.Diagnosis.NotHttp, Running.Diagnosis.EntryPoints, Running.Diagnosis.Timeout];

    private static readonly Lazy<IReadOnlyList<Family>> s_families = new(() => Families(EceSpec.Default));

    /// <summary>Writes every state family for <paramref name="targets"/>, each family's series together as the format
    /// requires, a target's lines at a time (the response allows no synchronous write, and one write per series would
    /// be a hundred thousand at 1,000 targets).</summary>
    public static async Task WriteAsync(Stream output, IReadOnlyList<TargetSnapshot> targets, CancellationToken cancel)
    {
        await using var writer = new StreamWriter(output, s_utf8, 1 << 16, leaveOpen: true);
        // A target's label, escaped once per scrape rather than once per series.
        var labels = targets.Select(t => MonitorMetrics.TargetLabel(t.Target)).ToList();
        var lines = new StringBuilder();
        foreach (var family in s_families.Value)
        {
            lines.Clear();
            family.Gauge.Header(lines);
            for (var i = 0; i < targets.Count; i++)
            {
                family.Series(family.Gauge, lines, targets[i], labels[i]);
                if (lines.Length > 1 << 15)
                {
                    await writer.WriteAsync(lines, cancel);
                    lines.Clear();
                }
            }
            await writer.WriteAsync(lines, cancel);
        }
        await writer.FlushAsync(cancel);
    }

    /// <summary>What one /probe adds to its target's state, as blackbox_exporter's probe_* gauges: whether the target
    /// was reached, how long the cycle took, and per operation the slowest answer and the answers over the budget.
    /// Gauges of this probe alone: the histograms and counters of /metrics accumulate over cycles, which a probe has one of.</summary>
    public static async Task WriteProbeAsync(Stream output, CycleResult cycle, TimeSpan age, TimeSpan latencyBudget, CancellationToken cancel)
    {
        var target = MonitorMetrics.TargetLabel(cycle.Target);
        var b = new StringBuilder();
        // As blackbox_exporter's: a target that connects but never answers, or answers what no page can read, failed.
        var read = cycle.Reachable && cycle.Buttons.Values.All(s => s.IsRead(EceSpec.Default));
        ProbeSuccess.Header(b);
        ProbeSuccess.Sample(b, read ? 1 : 0, ("target", target));
        ProbeDuration.Header(b);
        ProbeDuration.Sample(b, cycle.Duration.TotalSeconds, ("target", target));
        ProbeCycleAge.Header(b);
        ProbeCycleAge.Sample(b, Math.Max(0, age.TotalSeconds), ("target", target));
        var operations = cycle.Requests.GroupBy(r => r.Operation).ToList();
        ProbeRequestDuration.Header(b);
        foreach (var op in operations)
        {
            ProbeRequestDuration.Sample(b, op.Max(r => r.Elapsed).TotalSeconds, ("target", target), ("operation", op.Key));
        }
        ProbeAnswersOverBudget.Header(b);
        foreach (var op in operations)
        {
            ProbeAnswersOverBudget.Sample(b, op.Count(r => r.Elapsed > latencyBudget), ("target", target), ("operation", op.Key));
        }
        await using var writer = new StreamWriter(output, s_utf8, 1 << 12, leaveOpen: true);
        await writer.WriteAsync(b, cancel);
        await writer.FlushAsync(cancel);
    }

    private static readonly Gauge ProbeSuccess = new("probe_success", "1 when every entry point's chat button was read from a timely, readable answer (shown, or hidden for a reason the answer gave); 0 when the target could not be reached, did not answer within the budget, or answered what no page can read.");
    private static readonly Gauge ProbeDuration = new("probe_duration_seconds", "How long the probe's cycle took.");
    private static readonly Gauge ProbeCycleAge = new("probe_cycle_age_seconds", "How old the cycle this probe reports is: a watched target is answered from its last cycle (at most about an interval old), any other from a cycle run for the probe (0).");
    private static readonly Gauge ProbeRequestDuration = new("probe_request_duration_seconds", "The slowest complete answer of each operation in this probe.");
    private static readonly Gauge ProbeAnswersOverBudget = new("probe_answers_over_budget", "Answers of each operation in this probe slower than the latency budget.");
}
