using System.CommandLine;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Monitor;
using Ece.Conformance.Running;
using Ece.Spec;
using Ece.ReferenceServer;
using Microsoft.Extensions.Hosting;

namespace Ece.Conformance.Commands;

/// <summary>monitor: watch targets continuously with the read-only rules; Prometheus metrics, a status page, one JSON
/// line per change (and a webhook). Runs until SIGTERM or Ctrl+C (exit 0); bad arguments exit 2.</summary>
internal static class MonitorCommand
{
    private static readonly Option<string[]> Target = new("--target") { Description = "ECE host to watch: scheme, host and port; repeatable." };
    private static readonly Option<string?> TargetsFile = new("--targets-file") { Description = "File of targets, one URL a line (# comments)." };
    private static readonly Option<string?> BasePath = new("--base-path") { Description = $"Base path of the API on the targets (default {EceSpec.Default.DefaultBasePath})." };
    private static readonly Option<string[]> EntryPoint = new("--entry-point") { Description = $"Entry point id to watch; repeatable (default {EceSpec.Default.ExampleEntryPoint})." };
    private static readonly Option<string> Interval = new("--interval") { Description = "Time between two cycles of a target: 15s, 500ms, 2m (default 15s).", DefaultValueFactory = _ => "15s" };
    private static readonly Option<string> Listen = new("--listen") { Description = "host:port of /metrics, /probe, /healthz and the status page.", DefaultValueFactory = _ => "127.0.0.1:9464" };
    private static readonly Option<string[]> Only = new("--only") { Description = "Watch only these rules: rule id, id prefix, operation or level." };
    private static readonly Option<string[]> Skip = new("--skip") { Description = "Do not watch these rules (same terms as --only)." };
    private static readonly Option<double> LatencyBudget = new("--latency-budget") { Description = "Seconds polling clients wait for an answer; slower answers are counted.", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "Seconds to wait for each answer (at most four fifths of the interval).", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Cycles in flight at once over all targets.", DefaultValueFactory = _ => 16 };
    private static readonly Option<string?> Webhook = new("--webhook") { Description = "POST each change (the JSON of its log line) to this URL; 5 s time-out, no retry." };
    private static readonly Option<string?> ShardOption = new("--shard") { Description = "i/n: watch only this instance's share of the targets (a stable hash of each URL)." };
    private static readonly Option<bool> ProbeAny = new("--probe-any") { Description = "Let /probe check any http(s) target, not only the configured ones (makes the monitor fetch URLs on request: keep it on a trusted network)." };
    private static readonly Option<string[]> Header = new("--header") { Description = "\"Name: value\" sent with every request; repeatable." };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Accept any TLS certificate." };

    public static Command Create()
    {
        var command = new Command("monitor", """
            Watches ECE targets continuously with the read-only rules (never posts a survey) and serves Prometheus metrics.
            GET /metrics, /probe?target=URL&entry_point=ID, /healthz, and / (a status page). Each change is one JSON line on stdout.

            Example:
              ./run-conformance.sh monitor --target https://ece1.example.com --target https://ece2.example.com --entry-point 1000
            """);
        foreach (var option in new Option[] { Target, TargetsFile, BasePath, EntryPoint, Interval, Listen, Only, Skip, LatencyBudget, Timeout, Concurrency, Webhook, ShardOption, ProbeAny, Header, Insecure })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancel) =>
        {
            MonitorSettings settings;
            try
            {
                settings = Read(parse);
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Shown}");
                return 2;
            }
            return await RunAsync(settings, Console.Out, Console.Error, cancel);
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancel"/> (the signals Program.cs handles) or the host's own SIGTERM handling.</summary>
    public static async Task<int> RunAsync(MonitorSettings settings, TextWriter log, TextWriter status, CancellationToken cancel)
    {
        await using var app = MonitorHost.Build(settings, log, status);
        try
        {
            await app.StartAsync(cancel);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // Taken (IOException), or no such address on this machine (SocketException).
            await status.WriteLineAsync($"error: cannot listen on {settings.Listen}: {e.Message}");
            return 2;
        }
        await status.WriteLineAsync($"monitor: watching {settings.Targets.Count} targets × {settings.Checks.EntryPoints.Count} entry points every {settings.Interval.TotalSeconds:0.###} s; metrics on {app.BoundAddress()}metrics");
        try
        {
            await app.WaitForShutdownAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            // The signal came through Program.cs: stop as the host's lifetime would.
        }
        await app.StopAsync(CancellationToken.None);
        await status.WriteLineAsync("monitor: stopped");
        return 0;
    }

    private static MonitorSettings Read(ParseResult parse)
    {
        var spec = EceSpec.Default;
        var filter = RunOptions.ParseFilter(parse.GetValue(Only), parse.GetValue(Skip));
        var all = RunOptions.ParseTargets(parse.GetValue(Target), parse.GetValue(TargetsFile));
        var shard = parse.GetValue(ShardOption) is { } s ? Shard.Parse(s) : Shard.All;
        var targets = shard.Pick(all);
        if (targets.Count == 0)
        {
            throw new UsageException(all.Count == 0 ? "monitor needs --target URL or --targets-file FILE." : $"--shard {shard.Index}/{shard.Count} selects none of the {all.Count} targets.");
        }
        var interval = ParseInterval(parse.GetValue(Interval)!);
        return new MonitorSettings
        {
            Targets = targets,
            Checks = new CheckSettings
            {
                BasePath = RunOptions.ParseBasePath(parse.GetValue(BasePath) ?? spec.DefaultBasePath),
                EntryPoints = RunOptions.ParseEntryPoints(parse.GetValue(EntryPoint)),
                InvalidEntryPoint = EceSpec.UnknownEntryPointText,
                LatencyBudget = RunOptions.Seconds(parse.GetValue(LatencyBudget), "--latency-budget", 300),
            },
            Connection = new TargetOptions
            {
                Timeout = RunOptions.Seconds(parse.GetValue(Timeout), "--timeout", 300),
                Headers = (parse.GetValue(Header) ?? []).Select(RunOptions.ParseHeader).ToList(),
                Insecure = parse.GetValue(Insecure),
            },
            Filter = filter,
            Interval = interval,
            Listen = ParseListen(parse.GetValue(Listen)!),
            Concurrency = RunOptions.Between(parse.GetValue(Concurrency), "--concurrency", 1, 1024),
            Webhook = parse.GetValue(Webhook) is { } hook ? ParseWebhook(hook) : null,
            ProbeAny = parse.GetValue(ProbeAny),
            Time = TimeProvider.System, // the composition root: the monitor from the command line is on the system clock
        };
    }

    /// <summary>15s, 500ms, 2m, or a number of seconds; from 100 ms (tests) to an hour.</summary>
    public static TimeSpan ParseInterval(string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0) : value.EndsWith('m') ? (value[..^1], 60.0) : (value, 1.0);
        return double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n * unit is >= 0.1 and <= 3600
            ? TimeSpan.FromSeconds(n * unit)
            : throw new UsageException($"--interval takes a time from 100ms to 60m such as 15s, 500ms or 2m, not '{value}'.");
    }

    /// <summary>An IP address (or localhost) and a port: Kestrel binds every interface for any other host name, and the
    /// status page and /probe are not authenticated, so a name must not open them to the network by accident.</summary>
    private static string ParseListen(string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        var ok = colon > 0 && int.TryParse(value[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 0 and <= 65535 && (Address(host) || host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
        return ok ? value : throw new UsageException($"--listen takes an IP address (or localhost) and a port, such as 127.0.0.1:9464 or 0.0.0.0:9464, not '{value}'.");
    }

    /// <summary>An address written out: IPAddress.TryParse also takes "0" or "1" (0.0.0.0, 0.0.0.1), which would open the
    /// unauthenticated pages to every interface with nothing in the command saying so.</summary>
    private static bool Address(string host) =>
        System.Net.IPAddress.TryParse(host, out var ip) && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || host.Count(c => c == '.') == 3);

    private static Uri ParseWebhook(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new UsageException($"--webhook must be an http or https URL, not '{value}'.");
}
