using System.Diagnostics;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Monitor;
using Ece.ReferenceServer;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>A monitor started in this process on a free loopback port, its change lines kept, and what tests ask of it.</summary>
internal sealed class RunningMonitor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lines _log;
    private readonly Lines _status;
    private int _stopped;

    private RunningMonitor(WebApplication app, Lines log, Lines status, MonitorSettings settings)
    {
        _app = app;
        _log = log;
        _status = status;
        Settings = settings;
        Url = app.BoundAddress();
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }
    public HttpClient Http { get; }
    public MonitorSettings Settings { get; }

    public static MonitorSettings SettingsFor(IEnumerable<Uri> targets, Func<MonitorSettings, MonitorSettings>? change = null)
    {
        var settings = new MonitorSettings
        {
            Targets = [.. targets],
            Checks = new CheckSettings
            {
                BasePath = EceSpec.Default.DefaultBasePath,
                EntryPoints = [EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                InvalidEntryPoint = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                LatencyBudget = TimeSpan.FromSeconds(5),
            },
            Connection = new TargetOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 0 },
            Interval = TimeSpan.FromSeconds(1),
            Listen = "127.0.0.1:0",
            Time = TimeProvider.System, // real servers; a test that drives time gives its own with change
        };
        return change is null ? settings : change(settings);
    }

    public static async Task<RunningMonitor> StartAsync(MonitorSettings settings)
    {
        var log = new Lines();
        var status = new Lines();
        var app = MonitorHost.Build(settings, log, status);
        await app.StartAsync();
        return new RunningMonitor(app, log, status, settings);
    }

    /// <summary>The change lines written so far.</summary>
    public IReadOnlyList<string> Log => _log.All();

    /// <summary>What the monitor said besides changes (a cycle that failed).</summary>
    public IReadOnlyList<string> Status => _status.All();

    public async Task<IReadOnlyList<Sample>> MetricsAsync(string path = "/metrics") => Exposition.Parse(await Http.GetStringAsync(path));

    /// <summary>Polls /metrics until <paramref name="holds"/> does, at most <paramref name="limit"/>; answers how long it took.
    /// The bound is a guard, not a judgement: tests compare the time taken with the interval.</summary>
    public async Task<TimeSpan> WaitForAsync(Func<IReadOnlyList<Sample>, bool> holds, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Sample> last = [];
        while (clock.Elapsed < limit)
        {
            last = await MetricsAsync();
            if (holds(last))
            {
                return clock.Elapsed;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"Not within {limit.TotalSeconds} s: {what}. Last metrics:\n{string.Join("\n", last.Where(s => s.Name.StartsWith(MonitorMetrics.MeterName + "_", StringComparison.Ordinal) && !s.Name.Contains("bucket", StringComparison.Ordinal)))}\nLog:\n{string.Join("\n", Log)}\nStatus:\n{string.Join("\n", Status)}");
        return clock.Elapsed;
    }

    /// <summary>Cycles run so far, over all targets and whether they reached them.</summary>
    public static double Cycles(IReadOnlyList<Sample> m) => m.Where(s => s.Name == "ece_cycles").Sum(s => s.Value);

    public async Task<double> CyclesAsync() => Cycles(await MetricsAsync());

    /// <summary>A change made before <paramref name="before"/> cycles were counted shows within one interval: by the end
    /// of the cycle after the one that may have been in flight when it was made, so at most two cycles later (one target). Counted
    /// in cycles, not seconds, so a loaded machine that runs everything slower cannot fail it, and a monitor that
    /// misses the change for a cycle more always does.</summary>
    public Task ShowsWithinOneIntervalAsync(double before, Func<IReadOnlyList<Sample>, bool> holds, string what) =>
        WaitForAsync(m => holds(m) || (Cycles(m) > before + 2 ? throw new AssertionException($"Not within one interval ({Cycles(m) - before} cycles after the change): {what}") : false),
            TimeSpan.FromSeconds(20), what);

    /// <summary>The reference server in <paramref name="scenario"/> with its control API.</summary>
    public static Task<LoopbackApp> ReferenceServerAsync(string scenario = "default") => LoopbackApp.ReferenceServerAsync(scenario, TimeProvider.System, ["--control"]);

    /// <summary>Stops the monitor as SIGTERM does, and disposes what it made: the webhook's queue is drained (or
    /// given up after its time-out) by the time this returns. Once; disposing afterwards does nothing more.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>A log that tests read while the monitor writes it.</summary>
    private sealed class Lines : StringWriter
    {
        private readonly List<string> _lines = [];

        public override void WriteLine(string? value)
        {
            lock (_lines)
            {
                _lines.Add(value ?? "");
            }
        }

        public IReadOnlyList<string> All()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }
}
