using Ece.Conformance.Http;
using Microsoft.Extensions.Hosting;

namespace Ece.Conformance.Monitor;

/// <summary>Runs the cycles: each target in its own loop, started at its own offset so the cycles of many targets
/// spread over the interval rather than all start at once; at most one cycle per target at a time (a probe of a
/// configured target waits for the same gate); at most --concurrency cycles in flight over all targets; an
/// unreachable target is tried less often (doubling, see MonitorState), which /metrics shows as its back-off. One
/// lock order everywhere: a slot, then a target's gate (two orders let a watch and a probe each hold what the other
/// waits for).</summary>
/// <param name="errors">Where a failed cycle is said (the command's status writer, stderr).</param>
internal sealed class MonitorScheduler(MonitorSettings settings, MonitorState state, MonitorMetrics metrics, ChangeNotifier notifier, TextWriter errors) : BackgroundService
{
    // Lock order (README, One lock order): a slot is taken with nothing held; a gate with a slot held. Under both, a
    // cycle's client takes its request slots, and the state's and the notifier's locks are taken.
    private readonly SemaphoreSlim _slots = new(settings.Concurrency);
    // Lock order: see _slots.
    private readonly Dictionary<Uri, SemaphoreSlim> _gates = settings.Targets.ToDictionary(t => t, _ => new SemaphoreSlim(1));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, CycleResult> _last = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<CycleResult>>> _probing = new();

    /// <summary>One pool of connections for every target, as a chat button's browser keeps them alive between polls.</summary>
    private readonly SocketsHttpHandler _connections = Configure(TargetClient.Handler(settings.Connection));

    public bool Watches(Uri target) => _gates.ContainsKey(target);

    /// <summary>One cycle of a configured target, applied to the state, logged and counted; waits for a running one.
    /// The caller holds a slot: one lock order everywhere, a slot and then the target's gate.</summary>
    public async Task<CycleResult> RunOnceAsync(Uri target, CancellationToken cancel)
    {
        var gate = _gates[target];
        await gate.WaitAsync(cancel);
        try
        {
            var cycle = await MonitorCycle.RunAsync(target, settings, _connections, cancel);
            notifier.Publish(state.Apply(cycle, settings.Interval, settings.MaxBackoff));
            metrics.Record(cycle, settings.Checks.LatencyBudget);
            _last[target] = cycle;
            return cycle;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A cycle for /probe. A watched target (its configured entry points) is answered at once from its last
    /// cycle, as fresh as that (its age is said): a probe adds no load, and a Prometheus HA pair probing it gets the same
    /// answer. Before its first cycle, that cycle is run now (a slot, then its gate). Any other target (--probe-any, or
    /// other entry points) runs a cycle of its own in a slot, not applied to the watched state; probes of it at the same
    /// time share that cycle.</summary>
    /// <param name="deadline">When the probe must have answered, from now: the cycle gets four fifths of what is left
    /// once it has its slot (the rest is for its last reads and the answer), and each request half of that, so an
    /// unanswered first request leaves time to judge the others.</param>
    public async Task<(CycleResult Cycle, TimeSpan Age)> ProbeAsync(Uri target, MonitorSettings probe, TimeSpan deadline, CancellationToken cancel)
    {
        if (Watches(target) && probe.Checks.EntryPoints.SequenceEqual(settings.Checks.EntryPoints))
        {
            if (_last.TryGetValue(target, out var last))
            {
                return (last, Age(last));
            }
            await _slots.WaitAsync(cancel);
            try
            {
                return (await RunOnceAsync(target, cancel), TimeSpan.Zero);
            }
            finally
            {
                _slots.Release();
            }
        }
        var key = $"{target}|{string.Join(",", probe.Checks.EntryPoints)}";
        var shared = _probing.GetOrAdd(key, k => new Lazy<Task<CycleResult>>(() =>
        {
            var cycle = ProbeCycleAsync(target, probe, deadline);
            // Removed when the cycle ends, whoever still waits: a prober that went away leaves nothing behind.
            _ = cycle.ContinueWith(_ => _probing.TryRemove(k, out var _), TaskScheduler.Default);
            return cycle;
        }));
        var done = await shared.Value.WaitAsync(cancel);
        return (done, Age(done));
    }

    private TimeSpan Age(CycleResult cycle) => settings.Time.GetUtcNow() - cycle.At;

    /// <summary>The cycle probes of one unwatched target share: bounded by the first probe's deadline, never by one
    /// prober going away, and in a slot, so probes cannot multiply the load beyond --concurrency.</summary>
    private async Task<CycleResult> ProbeCycleAsync(Uri target, MonitorSettings probe, TimeSpan deadline)
    {
        var time = settings.Time;
        var asked = time.GetTimestamp();
        using var timer = new CancellationTokenSource(deadline, time);
        var cancel = timer.Token;
        await _slots.WaitAsync(cancel);
        try
        {
            var left = deadline - time.GetElapsedTime(asked);
            var cycle = left > TimeSpan.Zero ? left * 0.8 : TimeSpan.Zero;
            probe = probe with
            {
                Interval = cycle,
                Connection = probe.Connection with { Timeout = probe.Connection.Timeout < cycle / 2 ? probe.Connection.Timeout : cycle / 2 },
            };
            // The shared pool carries the configured connection options (--insecure among them): a host named only in a
            // query gets connections of its own, made from the probe's options.
            using var own = Watches(target) ? null : Configure(TargetClient.Handler(probe.Connection));
            return await MonitorCycle.RunAsync(target, probe, own ?? _connections, cancel);
        }
        finally
        {
            _slots.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(settings.Targets.Select((target, i) => WatchAsync(target, settings.Interval * i / Math.Max(1, settings.Targets.Count), stoppingToken)));

    private async Task WatchAsync(Uri target, TimeSpan offset, CancellationToken stop)
    {
        var time = settings.Time;
        try
        {
            await Task.Delay(offset, time, stop);
            var planned = time.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                await _slots.WaitAsync(stop);
                var started = time.GetTimestamp();
                // Late by the wait for a slot, or by a cycle that ran past its interval: what shows an instance falling behind.
                metrics.Started(time.GetElapsedTime(planned, started));
                try
                {
                    await RunOnceAsync(target, stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested && e is not OutOfMemoryException)
                {
                    // Including a cancellation that is not the monitor's stop (a request cut by the cycle's deadline):
                    // one target's loop must never end while the monitor runs, or its last state would stand forever.
                    // A bug met by one target's answers must not stop the watch of every target (a failed hosted
                    // service stops the host): counted, said on stderr, and the next cycle runs as planned.
                    metrics.CycleFailed();
                    await errors.WriteLineAsync($"monitor: a cycle of {MonitorMetrics.TargetLabel(target)} failed: {e}");
                }
                finally
                {
                    _slots.Release();
                }
                // Start to start: a cycle that took 3 s of a 15 s interval waits 12 s. The next start is planned an interval
                // (and any back-off) after this one's; a cycle that ran past it starts the next at once, late by as much.
                var period = settings.Interval + (state.Snapshot(target)?.Backoff ?? TimeSpan.Zero);
                planned = started + (long)(period.TotalSeconds * time.TimestampFrequency);
                var wait = period - time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM: the host stops; a cycle in flight is abandoned, nothing to save.
        }
    }

    private static SocketsHttpHandler Configure(SocketsHttpHandler handler)
    {
        // Two connections per target, as a browser's page polling with its chat button keeps one or two open: four (the
        // check command's request concurrency) kept 4,000 sockets and their buffers alive at 1,000 targets.
        handler.MaxConnectionsPerServer = MonitorSettings.RequestsPerTarget;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        return handler;
    }

    public override void Dispose()
    {
        base.Dispose();
        _connections.Dispose();
        _slots.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
