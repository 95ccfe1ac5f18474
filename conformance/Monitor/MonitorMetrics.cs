using System.Diagnostics.Metrics;
using Ece.Spec;
using Prometheus;

namespace Ece.Conformance.Monitor;

/// <summary>The monitor's metrics. What accumulates (request and cycle durations, counts) is instruments of one
/// System.Diagnostics.Metrics Meter, exported by prometheus-net's MeterAdapter into a registry of the monitor's own (two
/// monitors in a process never mix their series), beside the process's and .NET's metrics. What is a state (rule
/// outcomes, the button, a target up) is written by <see cref="StateExposition"/> from <see cref="MonitorState"/> at
/// each scrape, after the registry's families.</summary>
internal sealed class MonitorMetrics : IDisposable
{
    /// <summary>The prefix of every name: MeterAdapter names a series meter_instrument.</summary>
    public const string MeterName = "ece";

    /// <summary>Label values are cut to this many characters: a long URL must not make every series of its target huge.</summary>
    public const int MaxLabel = 120;

    private static readonly double[] s_seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly MonitorState _state;
    private readonly Meter _meter = new(MeterName);
    private readonly IDisposable _adapter;
    private readonly Histogram<double> _requestSeconds;
    private readonly Histogram<double> _cycleSeconds;
    private readonly Histogram<double> _startDelay;
    private readonly Counter<long> _overBudget;
    private readonly Counter<long> _cycles;
    private readonly Counter<long> _webhookFailures;
    private readonly Counter<long> _webhookDropped;
    private readonly Counter<long> _cycleErrors;

    public MonitorMetrics(MonitorState state, TimeSpan latencyBudget, TimeSpan interval)
    {
        _state = state;
        Registry = Metrics.NewCustomRegistry();
        // CPU, memory, GC, threads of this process (process_*, dotnet_*), as prometheus-net collects them.
        DotNetStats.Register(Registry);

        _meter.CreateObservableGauge("latency_budget_seconds", () => latencyBudget.TotalSeconds,
            unit: "s", description: "The answer time polling clients wait for (--latency-budget).");
        _meter.CreateObservableGauge("interval_seconds", () => interval.TotalSeconds,
            unit: "s", description: "How often each target's cycle is planned (--interval): what cycle start delays are measured against.");
        _requestSeconds = _meter.CreateHistogram<double>("request_duration_seconds", unit: "s", description: "Time to a complete answer, per target and operation.");
        _cycleSeconds = _meter.CreateHistogram<double>("cycle_duration_seconds", unit: "s", description: "Time one cycle took, per target.");
        _startDelay = _meter.CreateHistogram<double>("cycle_start_delay_seconds", unit: "s",
            description: "How late cycles started against their plan, over all targets: growing delays mean this instance cannot keep up (more targets than --concurrency and its CPU allow; split them with --shard).");
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
            // Series are bounded by the targets and the spec's operations, so none needs to expire soon; a quiet counter
            // (no answer over budget for a while) must keep its count. A day is the longest prometheus-net allows; a
            // reset after it is what rate() and increase() handle anyway.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = _ => s_seconds,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Record(CycleResult cycle, TimeSpan latencyBudget)
    {
        var target = KeyValuePair.Create<string, object?>("target", TargetLabel(cycle.Target));
        _cycles.Add(1, target, KeyValuePair.Create<string, object?>("reached", PrometheusText.BooleanLabel(cycle.Reachable)));
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

    /// <summary>A cycle started <paramref name="late"/> after its planned start (waiting for a slot, or a cycle that
    /// ran over the interval).</summary>
    public void Started(TimeSpan late) => _startDelay.Record(late.TotalSeconds);

    public void WebhookFailed() => _webhookFailures.Add(1);

    public void WebhookDropped() => _webhookDropped.Add(1);

    public void CycleFailed() => _cycleErrors.Add(1);

    /// <summary>How many /metrics readers are served at once: each holds megabytes of exposition in flight at a
    /// thousand targets, so a crowd of scrapers (or a client that never reads) cannot grow the monitor without bound.</summary>
    public const int MaxReaders = 32;

    // Lock order (README, One lock order): first of all, taken with nothing held, and only tried (Wait(0)), never waited
    // for; the exposition then takes the state's lock under it.
    private readonly SemaphoreSlim _readers = new(MaxReaders);

    /// <summary>Takes a reader's place, given back when disposed; null when <see cref="MaxReaders"/> are being served
    /// (503, Retry-After).</summary>
    public IDisposable? EnterReader() => _readers.Wait(0) ? new Reader(_readers) : null;

    private sealed class Reader(SemaphoreSlim readers) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                readers.Release();
            }
        }
    }

    /// <summary>Writes the text exposition straight into <paramref name="output"/> (GET /metrics): the registry's
    /// families, then the state's. At a thousand targets it is megabytes, which a copy into a string would allocate
    /// again at every scrape.</summary>
    public async Task ExportAsync(Stream output, CancellationToken cancel)
    {
        await Registry.CollectAndExportAsTextAsync(output, cancel);
        await StateExposition.WriteAsync(output, _state.Snapshot(), cancel);
    }

    /// <summary>A target as labels, the log and the page show it: scheme, host and port, never user information
    /// (credentials in a URL must not end up in a time-series database), cut like any label.</summary>
    public static string TargetLabel(Uri target) => LabelValue(target.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));

    /// <summary>Any label value, cut to <see cref="MaxLabel"/>.</summary>
    public static string LabelValue(string value) => SafeXml.Cut(value, MaxLabel);

    public void Dispose()
    {
        _readers.Dispose();
        _adapter.Dispose();
        _meter.Dispose();
    }
}
