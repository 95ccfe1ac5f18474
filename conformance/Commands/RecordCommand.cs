using System.CommandLine;
using Ece.Conformance.Checks;
using Ece.Conformance.Har;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Commands;

/// <summary>record --target URL --duration 10m --interval 15s --out prod.har: a read-only capture of a live deployment
/// as a standard HAR 1.2 file, what the runner sent and received with timings, credentials redacted. What it asks each
/// interval: every read-only operation for each entry point in both forms (XML and JSON), and HEAD and an unknown id
/// of the chat button's operation, so the HAR holds what most rules judge. Exit 0 written, 2 a mistake in the command
/// or a target that could not be reached at all.</summary>
internal static class RecordCommand
{
    private static readonly Option<string> Target = new("--target") { Description = "ECE host to record: scheme, host and port.", Required = true };
    private static readonly Option<string?> BasePath = new("--base-path") { Description = $"Base path of the API (default {EceSpec.Default.DefaultBasePath})." };
    private static readonly Option<string[]> EntryPoint = new("--entry-point") { Description = $"Entry point id to record; repeatable (default {EceSpec.Default.ExampleEntryPoint})." };
    private static readonly Option<string> Duration = new("--duration") { Description = "How long to record: 90s, 10m, 1h (default 1m; 0 for one round).", DefaultValueFactory = _ => "1m" };
    private static readonly Option<string> Interval = new("--interval") { Description = "Time between rounds (default 15s).", DefaultValueFactory = _ => "15s" };
    private static readonly Option<string> Out = new("--out") { Description = "The HAR file to write (default ece-recording.har).", DefaultValueFactory = _ => "ece-recording.har" };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10 };
    private static readonly Option<string[]> Header = new("--header") { Description = "\"Name: value\" sent with every request; repeatable (redacted in the HAR)." };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Accept any TLS certificate." };
    private static readonly Option<string?> Proxy = new("--proxy") { Description = "HTTP proxy URL to reach the target through." };

    public static Command Create()
    {
        var command = new Command("record", """
            Records a live ECE, read-only, as a HAR 1.2 file: judge it later with --har, replay it with the reference server's --replay.

            Examples:
              ./run-conformance.sh record --target https://ece.example.com --duration 10m --interval 15s --out prod.har
              ./run-conformance.sh --har prod.har                                        judge the recording
              dotnet run --project reference-server -- --replay prod.har --urls http://127.0.0.1:8080
            """);
        foreach (var option in new Option[] { Target, BasePath, EntryPoint, Duration, Interval, Out, Timeout, Header, Insecure, Proxy })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                var connection = new TargetOptions
                {
                    Timeout = RunOptions.Seconds(parse.GetValue(Timeout), "--timeout", 300),
                    Headers = (parse.GetValue(Header) ?? []).Select(RunOptions.ParseHeader).ToList(),
                    Insecure = parse.GetValue(Insecure),
                    Proxy = parse.GetValue(Proxy) is { } proxy ? TargetUrl.Parse(proxy, "--proxy") : null,
                    Retries = 0,
                };
                var checks = new CheckSettings
                {
                    BasePath = RunOptions.ParseBasePath(parse.GetValue(BasePath) ?? EceSpec.Default.DefaultBasePath),
                    EntryPoints = RunOptions.ParseEntryPoints(parse.GetValue(EntryPoint)),
                    InvalidEntryPoint = EceSpec.UnknownEntryPointText,
                };
                var (target, duration, interval, path) = (TargetUrl.Parse(parse.GetValue(Target)!, "--target"), Span(parse.GetValue(Duration)!, "--duration"),
                    ParseInterval(parse.GetValue(Interval)!), parse.GetValue(Out)!);
                OutputPaths.EnsureFile(path, "--out");
                return await ExecuteAsync(target, checks, connection, duration, interval, path, ProgressFor(path), TimeProvider.System, cancel);
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Shown}");
                return 2;
            }
        });
        return command;
    }

    internal static async Task<int> ExecuteAsync(Uri target, CheckSettings checks, TargetOptions connection, TimeSpan duration, TimeSpan interval, string path, TextWriter output, TimeProvider time, CancellationToken cancel)
    {
        var spec = EceSpec.Default;
        using var client = new TargetClient(target, connection, time);
        int answered = 0, rounds = 0;
        await using (var har = HarWriter.Create(path))
        {
            var started = time.GetTimestamp();
            do
            {
                if (rounds > 0)
                {
                    try
                    {
                        await Task.Delay(interval, time, cancel);
                    }
                    catch (OperationCanceledException)
                    {
                        break; // Ctrl+C: the HAR so far is written whole
                    }
                }
                rounds++;
                foreach (var (method, operation, id, accept) in Requests(spec, checks))
                {
                    var at = time.GetUtcNow();
                    var x = await client.SendAsync(method, operation.Path(checks.BasePath, id), accept, operation: operation.Id, cancel: CancellationToken.None);
                    answered += x.Answered ? 1 : 0;
                    await har.AddAsync(x, at);
                }
                output.WriteLine($"record: round {rounds}, {har.Count} exchanges, {answered} answered");
            }
            while (!cancel.IsCancellationRequested && time.GetElapsedTime(started) + interval <= duration);
        }
        output.WriteLine($"record: wrote {path} ({rounds} rounds); judge it with ./run-conformance.sh --har {path}");
        if (answered == 0)
        {
            await Console.Error.WriteLineAsync($"error: {target} answered none of the requests (see {path}): check --target, --proxy and the network.");
            return 2;
        }
        return 0;
    }

    private static IEnumerable<(HttpMethod, Operation, string, string)> Requests(EceSpec spec, CheckSettings checks)
    {
        var button = spec.Reporting(Quantity.ChatAllowed).Operation;
        foreach (var operation in spec.ReadOnlyOperations)
        {
            foreach (var id in checks.EntryPoints)
            {
                yield return (HttpMethod.Get, operation, id, checks.Accept);
                yield return (HttpMethod.Get, operation, id, MediaTypes.Json);
            }
        }
        yield return (HttpMethod.Head, button, checks.EntryPoints[0], checks.Accept);
        yield return (HttpMethod.Get, button, checks.InvalidEntryPoint, checks.Accept);
    }

    /// <summary>Where the progress lines go: standard output, unless the HAR goes there (--out /dev/stdout), where
    /// they would be written into its JSON.</summary>
    internal static TextWriter ProgressFor(string path) =>
        Path.GetFullPath(path) is "/dev/stdout" or "/proc/self/fd/1" or "/dev/fd/1" ? Console.Error : Console.Out;

    /// <summary>The shortest time between rounds: a round is about twenty requests to a production ECE, and with no
    /// wait (--interval 0) a recording of three seconds sent 9,600 of them, a load test rather than a capture.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    internal static TimeSpan ParseInterval(string value) => Span(value, "--interval") is var span && span >= MinInterval
        ? span
        : throw new UsageException($"--interval is at least {MinInterval.TotalSeconds:0} s between rounds (each sends about twenty requests to the target), not '{SafeXml.Printable(SafeXml.Cut(value, 40))}'.");

    /// <summary>The longest time a recording takes, or waits between rounds.</summary>
    internal static readonly TimeSpan MaxSpan = TimeSpan.FromDays(7);

    /// <summary>90s, 10m, 1h, or seconds; at most <see cref="MaxSpan"/> in whatever unit.</summary>
    internal static TimeSpan Span(string value, string option)
    {
        var unit = value.Length > 0 ? value[^1] : ' ';
        var number = char.IsLetter(unit) ? value[..^1] : value;
        double? seconds = double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? unit switch { 'h' => n * 3600, 'm' => n * 60, 's' => n, _ when char.IsDigit(unit) => n, _ => null }
            : null;
        // Not "< 0": NaN is neither below nor above a bound, and TimeSpan refuses it with an exception.
        return seconds is { } s && s >= 0 && s <= MaxSpan.TotalSeconds
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"{option} takes a time such as 90s, 10m or 1h, up to {MaxSpan.TotalDays:0} days, not '{SafeXml.Printable(SafeXml.Cut(value, 40))}'.");
    }
}
