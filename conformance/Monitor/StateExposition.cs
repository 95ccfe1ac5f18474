using System.Globalization;
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
    /// <summary>One family: its name (with the monitor's prefix), what it says, and its series for one target.</summary>
    private sealed record Family(string Name, string Help, Action<StringBuilder, TargetSnapshot, string> Series);

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static IReadOnlyList<Family> Families(EceSpec spec)
    {
        var reasons = ButtonState.Reasons(spec);
        var polled = spec.Reporting(Quantity.ChatAllowed).Operation.Id;
        // The label is named after the answer's field that carries the reason.
        var reasonLabel = ButtonState.ReasonField(spec).Name;
        return
        [
            new("rule_outcome", "The last outcome of each rule per target, entry point and operation: one series per rule, value 1, the outcome in its outcome label (Verdicts' words: failed, warning and information are a MUST, SHOULD and MAY rule failing).",
                (b, t, target) =>
                {
                    foreach (var (key, outcome) in t.Outcomes)
                    {
                        Sample(b, "rule_outcome", 1, ("target", target), ("entry_point", key.EntryPoint), ("operation", key.Operation),
                            ("rule", key.Rule), ("level", outcome.Rule.LevelText), ("outcome", Verdicts.Label(outcome.Result)));
                    }
                }),
            new("chat_button_state", $"What a chat button polling {polled} shows: 1 for shown, hidden or unknown (not checked yet, or target unreachable), 0 for the others.",
                (b, t, target) =>
                {
                    foreach (var (ep, button) in t.Buttons)
                    {
                        foreach (var state in Enum.GetValues<ButtonShown>())
                        {
                            Sample(b, "chat_button_state", button.Button.Shown == state ? 1 : 0, ("target", target), ("entry_point", ep), ("state", ButtonState.Name(state)));
                        }
                    }
                }),
            new("chat_button_hidden_reason", "Why the button is hidden: 1 for the reason (the spec's refusal reasons, refused without one, error for no readable answer); business=true for the spec's business-as-usual reasons, unknown where the source leaves it open.",
                (b, t, target) =>
                {
                    foreach (var (ep, button) in t.Buttons)
                    {
                        foreach (var (reason, business) in reasons)
                        {
                            Sample(b, "chat_button_hidden_reason", button.Button.Shown == ButtonShown.Hidden && button.Button.Reason == reason ? 1 : 0,
                                ("target", target), ("entry_point", ep), (reasonLabel, reason), ("business", ButtonState.BusinessLabel(business)));
                        }
                    }
                }),
            new("chat_button_last_change_timestamp_seconds", "When the button last changed state or reason (Unix time).",
                (b, t, target) =>
                {
                    foreach (var (ep, button) in t.Buttons.Where(b => b.Value.Since != DateTimeOffset.MinValue))
                    {
                        Sample(b, "chat_button_last_change_timestamp_seconds", button.Since.ToUnixTimeMilliseconds() / 1000.0, ("target", target), ("entry_point", ep));
                    }
                }),
            new("target_up", "1 when the last cycle reached the target, 0 when it could not connect.",
                (b, t, target) =>
                {
                    if (t.Up is { } up)
                    {
                        Sample(b, "target_up", up ? 1 : 0, ("target", target));
                    }
                }),
            new("target_misconfigured", "1 for the reason the last cycle tested the wrong thing (base_path, refused, redirected, not_http, entry_points, timeout), 0 for the others: a set-up to change (the log says which option), never an outage; its rules are not judged and its buttons unknown meanwhile.",
                (b, t, target) =>
                {
                    if (t.Up == true)
                    {
                        foreach (var reason in Misconfigurations)
                        {
                            Sample(b, "target_misconfigured", t.Misconfigured?.Reason == reason ? 1 : 0, ("target", target), (MisconfiguredLabel, reason));
                        }
                    }
                }),
            new("target_last_cycle_timestamp_seconds", "When the last cycle of the target started (Unix time): a target whose cycles stop (time() minus this grows past the interval and its back-off) is no longer watched.",
                (b, t, target) =>
                {
                    if (t.LastCycleAt is { } at)
                    {
                        Sample(b, "target_last_cycle_timestamp_seconds", at.ToUnixTimeMilliseconds() / 1000.0, ("target", target));
                    }
                }),
            new("target_backoff_seconds", "How much longer than the interval the monitor waits before the next cycle of an unreachable target (0 when reachable).",
                (b, t, target) => Sample(b, "target_backoff_seconds", t.Backoff.TotalSeconds, ("target", target))),
        ];
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
            Header(lines, family.Name, family.Help, "gauge");
            for (var i = 0; i < targets.Count; i++)
            {
                family.Series(lines, targets[i], labels[i]);
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
        Header(b, "probe_success", "1 when every entry point's chat button was read from a timely, readable answer (shown, or hidden for a reason the answer gave); 0 when the target could not be reached, did not answer within the budget, or answered what no page can read.", "gauge");
        Sample(b, "probe_success", read ? 1 : 0, ("target", target));
        Header(b, "probe_duration_seconds", "How long the probe's cycle took.", "gauge");
        Sample(b, "probe_duration_seconds", cycle.Duration.TotalSeconds, ("target", target));
        Header(b, "probe_cycle_age_seconds", "How old the cycle this probe reports is: a watched target is answered from its last cycle (at most about an interval old), any other from a cycle run for the probe (0).", "gauge");
        Sample(b, "probe_cycle_age_seconds", Math.Max(0, age.TotalSeconds), ("target", target));
        var operations = cycle.Requests.GroupBy(r => r.Operation).ToList();
        Header(b, "probe_request_duration_seconds", "The slowest complete answer of each operation in this probe.", "gauge");
        foreach (var op in operations)
        {
            Sample(b, "probe_request_duration_seconds", op.Max(r => r.Elapsed).TotalSeconds, ("target", target), ("operation", op.Key));
        }
        Header(b, "probe_answers_over_budget", "Answers of each operation in this probe slower than the latency budget.", "gauge");
        foreach (var op in operations)
        {
            Sample(b, "probe_answers_over_budget", op.Count(r => r.Elapsed > latencyBudget), ("target", target), ("operation", op.Key));
        }
        await using var writer = new StreamWriter(output, s_utf8, 1 << 12, leaveOpen: true);
        await writer.WriteAsync(b, cancel);
        await writer.FlushAsync(cancel);
    }

    /// <summary>A family's HELP and TYPE lines.</summary>
    public static void Header(StringBuilder b, string name, string help, string type) =>
        b.Append("# HELP ").Append(MonitorMetrics.MeterName).Append('_').Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n')
         .Append("# TYPE ").Append(MonitorMetrics.MeterName).Append('_').Append(name).Append(' ').Append(type).Append('\n');

    /// <summary>One series: name{label="value",...} value. Label values escaped as the format requires (backslash, double
    /// quote, line feed), so no text can end a value early or start a line of its own.</summary>
    public static void Sample(StringBuilder b, string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        b.Append(MonitorMetrics.MeterName).Append('_').Append(name);
        for (var i = 0; i < labels.Length; i++)
        {
            b.Append(i == 0 ? '{' : ',').Append(labels[i].Name).Append("=\"");
            foreach (var c in labels[i].Value)
            {
                _ = c switch
                {
                    '\\' => b.Append("\\\\"),
                    '"' => b.Append("\\\""),
                    '\n' => b.Append("\\n"),
                    _ => b.Append(c),
                };
            }
            b.Append('"');
        }
        b.Append(labels.Length > 0 ? "} " : " ").Append(Number(value)).Append('\n');
    }

    /// <summary>A sample value as Go's ParseFloat reads it (Prometheus' own spelling of the special values).</summary>
    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A yes/no label value, written as XML Schema writes a boolean.</summary>
    public static string Flag(bool value) => System.Xml.XmlConvert.ToString(value);
}
