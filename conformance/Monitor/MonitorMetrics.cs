using System.Diagnostics.Metrics;
using Ece.Conformance.Reports;
using Ece.Spec;
using Prometheus;

namespace Ece.Conformance.Monitor;

/// <summary>The monitor's metrics: instruments of one System.Diagnostics.Metrics Meter, exported by prometheus-net's
/// MeterAdapter into a registry of their own (one per monitor, one per /probe), so two monitors in a process, or a
/// probe beside the scheduled cycles, never mix their series. States are gauges observed from <see cref="MonitorState"/>
/// at each scrape; every state is a state set (one series per possible value, 1 for the current one, 0 for the others),
/// so a series never lingers with a value that is no longer true and the set of series stays fixed.</summary>
internal sealed class MonitorMetrics : IDisposable
{
    /// <summary>The prefix of every name: MeterAdapter names a series meter_instrument.</summary>
    public const string MeterName = "ece";

    /// <summary>Label values are cut to this many characters: a long URL must not make every series of its target huge.</summary>
    public const int MaxLabel = 120;

    private static readonly double[] s_seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter = new(MeterName);
    private readonly IDisposable _adapter;
    private readonly Histogram<double> _requestSeconds;
    private readonly Histogram<double> _cycleSeconds;
    private readonly Counter<long> _overBudget;
    private readonly Counter<long> _cycles;
    private readonly Counter<long> _webhookFailures;
    private readonly Counter<long> _webhookDropped;
    private readonly Counter<long> _cycleErrors;

    public MonitorMetrics(MonitorState state, TimeSpan latencyBudget, bool processMetrics)
    {
        Registry = Metrics.NewCustomRegistry();
        if (processMetrics)
        {
            // CPU, memory, GC, threads of this process (process_*, dotnet_*), as prometheus-net collects them.
            DotNetStats.Register(Registry);
        }
        var spec = EceSpec.Default;
        var reasons = ButtonState.Reasons(spec);
        var buttonStates = Enum.GetValues<ButtonShown>();
        var polled = spec.Reporting(Quantity.ChatAllowed).Operation.Id;
        // The label is named after the answer's field that carries the reason.
        var reasonLabel = ButtonState.ReasonField(spec).Name;

        _meter.CreateObservableGauge("rule_outcome", () => RuleOutcomes(state.Snapshot()),
            description: "The last outcome of each rule per target, entry point and operation: 1 for the outcome it had, 0 for the others it could have (Verdicts' words).");
        _meter.CreateObservableGauge("chat_button_state", () => state.Snapshot().SelectMany(t => t.Buttons.SelectMany(b =>
                buttonStates.Select(s => Measure(b.Value.State.State == s ? 1 : 0, ("target", Cut(t.Target)), ("entry_point", b.Key), ("state", ButtonState.Name(s)))))),
            description: $"What a chat button polling {polled} shows: 1 for shown, hidden or unknown (not checked yet, or target unreachable), 0 for the others.");
        _meter.CreateObservableGauge("chat_button_hidden_reason", () => state.Snapshot().SelectMany(t => t.Buttons.SelectMany(b =>
                reasons.Select(r => Measure(b.Value.State.State == ButtonShown.Hidden && b.Value.State.Reason == r.Reason ? 1 : 0,
                    ("target", Cut(t.Target)), ("entry_point", b.Key), (reasonLabel, r.Reason), ("business", Flag(r.Business)))))),
            description: "Why the button is hidden: 1 for the reason (the spec's refusal reasons, refused without one, error for no readable answer); business=true for the spec's business-as-usual reasons.");
        _meter.CreateObservableGauge("chat_button_last_change_timestamp_seconds", () => state.Snapshot().SelectMany(t => t.Buttons
                .Where(b => b.Value.Since != DateTimeOffset.MinValue)
                .Select(b => Measure(b.Value.Since.ToUnixTimeMilliseconds() / 1000.0, ("target", Cut(t.Target)), ("entry_point", b.Key)))),
            unit: "s", description: "When the button last changed state or reason (Unix time).");
        _meter.CreateObservableGauge("target_up", () => state.Snapshot().Where(t => t.Up is not null)
                .Select(t => Measure(t.Up == true ? 1 : 0, ("target", Cut(t.Target)))),
            description: "1 when the last cycle reached the target, 0 when it could not connect.");
        _meter.CreateObservableGauge("target_backoff_seconds", () => state.Snapshot()
                .Select(t => Measure(t.Backoff.TotalSeconds, ("target", Cut(t.Target)))),
            unit: "s", description: "How much longer than the interval the monitor waits before the next cycle of an unreachable target (0 when reachable).");
        _meter.CreateObservableGauge("latency_budget_seconds", () => latencyBudget.TotalSeconds,
            unit: "s", description: "The answer time polling clients wait for (--latency-budget).");

        _requestSeconds = _meter.CreateHistogram<double>("request_duration_seconds", unit: "s", description: "Time to a complete answer, per target and operation.");
        _cycleSeconds = _meter.CreateHistogram<double>("cycle_duration_seconds", unit: "s", description: "Time one cycle took, per target.");
        _overBudget = _meter.CreateCounter<long>("answers_over_budget", description: "Answers that took longer than the latency budget, per target and operation (only grows).");
        _cycles = _meter.CreateCounter<long>("cycles", description: "Cycles run, per target and whether the target was reached (only grows).");
        _webhookFailures = _meter.CreateCounter<long>("webhook_failures", description: "Change notifications the webhook did not accept (an error status, a time-out, no connection; only grows).");
        _cycleErrors = _meter.CreateCounter<long>("cycle_errors", description: "Cycles that ended in an internal error of the monitor (a bug: see stderr; only grows).");
        _webhookDropped = _meter.CreateCounter<long>("webhook_dropped", description: "Change notifications dropped because the webhook fell behind (only grows).");

        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = i => i.Meter == _meter,
            // Without its own factory the adapter publishes into prometheus-net's global registry, whatever Registry says.
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            // Series are bounded by the targets and the spec, so none needs to expire soon; a quiet counter (no answer over
            // budget for a while) must keep its count. A day is the longest prometheus-net allows; a reset after it is
            // what rate() and increase() handle anyway.
            // A /probe's metrics live for one answer: prometheus-net keeps each metric until its expiry (a timer holds
            // it), so a probe's expire within a minute, or a day of probes would be held in memory.
            MetricsExpireAfter = processMetrics ? TimeSpan.FromDays(1) : TimeSpan.FromMinutes(1),
            ResolveHistogramBuckets = _ => s_seconds,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Record(CycleResult cycle, TimeSpan latencyBudget)
    {
        var target = KeyValuePair.Create<string, object?>("target", Cut(cycle.Target));
        _cycles.Add(1, target, KeyValuePair.Create<string, object?>("reached", Flag(cycle.Reachable)));
        _cycleSeconds.Record(cycle.Duration.TotalSeconds, target);
        foreach (var (operation, elapsed) in cycle.Requests)
        {
            var op = KeyValuePair.Create<string, object?>("operation", operation);
            _requestSeconds.Record(elapsed.TotalSeconds, target, op);
            if (elapsed > latencyBudget)
            {
                _overBudget.Add(1, target, op);
            }
        }
    }

    public void WebhookFailed() => _webhookFailures.Add(1);

    public void WebhookDropped() => _webhookDropped.Add(1);

    public void CycleFailed() => _cycleErrors.Add(1);

    /// <summary>Writes the text exposition straight into <paramref name="output"/> (GET /metrics): at a thousand targets
    /// it is tens of megabytes, which a copy into a string would allocate again at every scrape.</summary>
    public Task ExportAsync(Stream output, CancellationToken cancel) => Registry.CollectAndExportAsTextAsync(output, cancel);

    /// <summary>The text exposition of everything in this registry, as a string (a /probe's few series).</summary>
    public async Task<string> ExportAsync(CancellationToken cancel)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancel);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>One series per outcome the rule can have at its level, so the failing word is Verdicts' (failed for
    /// MUST, warning for SHOULD, information for MAY) and a MUST rule's "failed" series always exists.</summary>
    private static IEnumerable<Measurement<double>> RuleOutcomes(IReadOnlyList<TargetSnapshot> targets)
    {
        foreach (var t in targets)
        {
            var target = Cut(t.Target);
            foreach (var (key, outcome) in t.Outcomes)
            {
                var failing = outcome.Rule.Level switch { RuleLevel.Must => Result.Failed, RuleLevel.Should => Result.Warning, _ => Result.Information };
                foreach (var r in new[] { failing, Result.NotJudged, Result.Passed, Result.NotApplicable })
                {
                    yield return Measure(outcome.Result == r ? 1 : 0, ("target", target), ("entry_point", key.EntryPoint), ("operation", key.Operation),
                        ("rule", key.Rule), ("level", outcome.Rule.LevelText), ("outcome", Verdicts.Label(r)));
                }
            }
        }
    }

    private static Measurement<double> Measure(double value, params (string Name, string Value)[] labels) =>
        new(value, labels.Select(l => KeyValuePair.Create<string, object?>(l.Name, l.Value)));

    /// <summary>A yes/no label value, written as XML Schema writes a boolean.</summary>
    private static string Flag(bool value) => System.Xml.XmlConvert.ToString(value);

    /// <summary>A target as labels, the log and the page show it: scheme, host and port, never user information
    /// (credentials in a URL must not end up in a time-series database), cut like any label.</summary>
    public static string Cut(Uri target) => Cut(target.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));

    public static string Cut(string value) => Ece.Spec.SafeXml.Cut(value, MaxLabel);

    public void Dispose()
    {
        _adapter.Dispose();
        _meter.Dispose();
    }
}
