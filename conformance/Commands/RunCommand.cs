using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.ReferenceServer;
using Ece.Spec;
using Spectre.Console;

namespace Ece.Conformance.Commands;

/// <summary>What the check command does once its options are read: start the embedded server if there is no
/// target, run the rules, apply the baseline, write the reports, and answer the exit code.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(bool list, Func<RunOptions> read, CancellationToken cancel)
    {
        var console = AnsiConsole.Console;
        try
        {
            if (list)
            {
                ListRules(console.Profile.Out.Writer, EceSpec.Default);
                return 0;
            }
            var options = read();
            if (options.Formats.Any(f => f != ReportFormats.Console))
            {
                ReportWriter.EnsureWritable(options.ReportDirectory);
            }
            if (options.WriteBaseline is { } baseline)
            {
                OutputPaths.EnsureFile(baseline, "--write-baseline");
            }
            var verdict = options.Targets.Count > 1
                ? await FleetRun.RunAsync(options, console, cancel)
                : (await RunAsync(options, console, cancel)).Verdict;
            return verdict.ExitCode;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Shown}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped before any check began (the embedded server or the recording still starting): nothing to report.
            console.MarkupLine("[yellow]COULD NOT TEST[/]: interrupted (Ctrl+C or SIGTERM) before any check: no verdict. (exit 2)");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A report that could not be written (a full disk, a directory removed during the run): no verdict to hand on.
            await Console.Error.WriteLineAsync($"error: the reports could not be written: {e.Message}");
            return 2;
        }
    }

    /// <summary>One run against a target; the console gets progress and the summary, the report directory the files.</summary>
    public static async Task<(Verdict Verdict, RunResult? Result)> RunAsync(RunOptions options, IAnsiConsole console, CancellationToken cancel)
    {
        var spec = EceSpec.Default;
        var baseline = options.Baseline is null ? null : Baseline.Load(options.Baseline);
        var chromium = options.Browser ? Browser.Chromium.Find(options.Chromium) : null;
        var clock = options.Time.GetTimestamp();
        var started = options.Time.GetUtcNow();
        var notes = new List<string>();

        var (recording, harFiles) = options.Har.Count > 0 ? Har.HarRun.Read(options.Har) : default;
        if (recording is not null)
        {
            options = AsRecorded(options, recording);
            notes.Add(Har.HarRun.Describe(recording, harFiles));
        }
        await using var embedded = recording is not null ? await Har.HarRun.ServeAsync(recording, options.Time, cancel)
            : options.Targets.Count == 0 ? await EmbeddedAsync(options, cancel) : null;
        var url = embedded?.Url ?? options.Targets.Single();
        Timing.Log("target ready");
        var demonstration = embedded is not null && recording is null;
        var settings = options.Checks with { AllowWrites = options.Checks.AllowWrites || demonstration };
        notes.AddRange(WritesNote(demonstration, settings.AllowWrites, options.Scenario, url));

        using var target = new TargetClient(url, options.Connection, options.Time);
        await using var browser = chromium is null ? null : new Browser.BrowserSession(chromium, spec, url, options.Connection, settings.BasePath);
        var context = new CheckContext(spec, target, settings, browser);
        CheckedTarget runTarget = recording is not null
            ? new RecordingTarget(Har.HarRun.Origin(recording), [.. harFiles.Select(f => f.Path)], settings.BasePath, settings.EntryPoints, settings.InvalidEntryPoint)
            : new RunTarget(url.ToString().TrimEnd('/'), settings.BasePath, settings.EntryPoints, settings.InvalidEntryPoint, embedded is not null, settings.AllowWrites, embedded is null ? null : options.Scenario);
        Announce(console, spec, runTarget, settings.BasePath);

        var done = await CheckAsync(context, options, recording, console, notes, cancel);
        var (marked, stale, expired) = baseline?.Apply(done.Findings, DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime)) ?? (done.Findings, [], []);
        var interrupted = cancel.IsCancellationRequested;
        var verdict = Judge(done, interrupted, marked, stale, expired);
        var (numbered, exchanges) = RequestNumbers.InCitedOrder(marked, target.Exchanges, done.Preflight);
        var run = new RunResult(runTarget, started, options.Time.GetElapsedTime(clock), numbered, exchanges, stale, verdict, notes)
        {
            Observations = context.Answers.Select(Observation.From).OrderBy(o => o.Operation).ThenBy(o => o.EntryPoint).ToList(),
            Problems = interrupted ? [] : done.Diagnosis.Problems,
        };
        if (options.WriteBaseline is { } baselinePath)
        {
            Baseline.From(marked).Save(baselinePath);
            notes.Add($"Baseline of this run's failures written to {baselinePath}.");
        }
        Report(console, options, run, spec, browser?.Screenshots);
        return (verdict, run);
    }

    /// <summary>The embedded reference server in the --scenario asked for; one it cannot load is the option's fault.</summary>
    private static async Task<LoopbackApp> EmbeddedAsync(RunOptions options, CancellationToken cancel)
    {
        try
        {
            return await LoopbackApp.ReferenceServerAsync(options.Scenario, options.Time, cancel: cancel);
        }
        catch (ReferenceServer.Scenarios.ScenarioException e)
        {
            throw new UsageException($"--scenario: {e.Message}");
        }
    }

    /// <summary>The run's verdict: an interrupted run and an unreachable target are no verdict on the API.</summary>
    private static Verdict Judge(Checked done, bool interrupted, IReadOnlyList<Finding> marked, IReadOnlyList<BaselineEntry> stale, IReadOnlyList<BaselineEntry> expired) =>
        interrupted ? Verdict.Interrupted(done.Findings, done.Planned)
        : done.Preflight?.Failure == ExchangeFailure.Unreachable ? new Verdict(VerdictKind.CouldNotTest, $"The target could not be reached: {done.Preflight.Error}")
        : Verdict.Judge(marked, stale, done.Diagnosis, expired);

    /// <summary>What a run's writes were: a demonstration posts to the embedded server, a read-only run posts nothing.</summary>
    private static IEnumerable<string> WritesNote(bool demonstration, bool allowWrites, string scenario, Uri url)
    {
        if (demonstration)
        {
            yield return $"No --target: a demonstration against the embedded reference server (scenario {scenario}) at {url}, not your deployment; surveys were posted to it. Check yours with --target https://ece.example.com.";
        }
        else if (!allowWrites)
        {
            yield return "Read-only run: no survey was posted (use --allow-writes to check the survey operation).";
        }
    }

    private static void Announce(IAnsiConsole console, EceSpec spec, CheckedTarget target, string basePath) =>
        console.MarkupLine($"Checking {(target is RecordingTarget r ? $"the recording {Markup.Escape(string.Join(", ", r.Recordings))} of " : "")}[bold]{Markup.Escape(target.Url)}{Markup.Escape(basePath)}[/] against {Markup.Escape(spec.Title)} (spec {spec.Revision}), entry points {Markup.Escape(string.Join(", ", target.EntryPoints))}.");

    /// <summary>A recording is judged as a live ECE is, against the answers it holds served again (HarRun): under its
    /// base path and entry points, with its recorded timings, read-only.</summary>
    private static RunOptions AsRecorded(RunOptions options, ReferenceServer.Replay.Recording recording) => options with
    {
        Connection = options.Connection with { RecordedTimings = true, Retries = 0 },
        Checks = options.Checks with
        {
            BasePath = recording.BasePaths[0],
            EntryPoints = [.. recording.EntryPoints.Where(e => long.TryParse(e, out _)).Take(5).DefaultIfEmpty(recording.EntryPoints.Count > 0 ? recording.EntryPoints[0] : recording.Invalid[0])],
            InvalidEntryPoint = recording.Invalid.Count > 0 ? recording.Invalid[0] : options.Checks.InvalidEntryPoint,
            AllowWrites = false,
        },
    };

    /// <summary>What the checks found: the first request, the findings of those planned, and what the set-up looks like.</summary>
    private sealed record Checked(IReadOnlyList<Finding> Findings, Diagnosis Diagnosis, Exchange? Preflight, int Planned);

    /// <summary>The first request, then (if the target answered at all) every planned check and the diagnosis of the
    /// set-up; a run interrupted outside the checks keeps what was found.</summary>
    private static async Task<Checked> CheckAsync(CheckContext context, RunOptions options, ReferenceServer.Replay.Recording? recording, IAnsiConsole console, List<string> notes, CancellationToken cancel)
    {
        var done = new Checked([], Diagnosis.None, null, 0);
        try
        {
            done = done with { Preflight = await ConformanceRun.PreflightAsync(context, cancel) };
            Timing.Log("first request answered");
            if (done.Preflight.Failure == ExchangeFailure.Unreachable)
            {
                notes.Add($"The target could not be reached: {done.Preflight.Error}");
                return done;
            }
            var calls = ConformanceRun.Plan(context, options.Filter, out var skipped);
            done = done with { Planned = calls.Count };
            using var progress = new Progress(console, calls.Count, options.Time);
            done = done with { Findings = [.. await ConformanceRun.ExecuteAsync(calls, options.Deadline, progress, options.Time, cancel), .. skipped] };
            Timing.Log("checks done");
            if (recording is not null)
            {
                // A recording holds what it holds: its set-up is the recorded page's, nothing to diagnose here.
                notes.Add(Har.HarRun.Coverage(recording));
                return done with { Findings = Har.HarRun.NotInHar(done.Findings, context.Target.Exchanges) };
            }
            done = done with { Diagnosis = await Diagnosis.FindAsync(context, cancel) };
            notes.AddRange(done.Diagnosis.Notes);
            Timing.Log("diagnosed");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Interrupted outside the checks (the first request, the diagnosis): what was found is still reported.
        }
        return done;
    }

    /// <summary>The report files, then the console's report (or its verdict alone) and where the files are.</summary>
    private static void Report(IAnsiConsole console, RunOptions options, RunResult run, EceSpec spec, IReadOnlyDictionary<string, string>? screenshots)
    {
        var model = ReportModel.From(run, spec);
        var written = ReportWriter.Write(run, model, options.ReportDirectory, options.Formats, screenshots);
        Timing.Log("reports written");
        if (options.Formats.Contains(ReportFormats.Console))
        {
            ConsoleReport.Write(console, run, model, options.Verbose);
        }
        else
        {
            ConsoleReport.WriteVerdict(console, run.Verdict);
        }
        foreach (var path in written)
        {
            console.MarkupLine($"[grey]report: {Markup.Escape(path)}[/]");
        }
        Timing.Log("console report written");
    }

    /// <summary>One line a rule, so grep finds a rule by any word with its id: plain text, since laying out a table of
    /// every rule costs more than the rest of the command.</summary>
    internal static void ListRules(TextWriter output, EceSpec spec)
    {
        var gets = spec.ReadOnlyOperations.Select(o => o.Id).ToHashSet();
        var text = new System.Text.StringBuilder();
        foreach (var rule in spec.Rules.Rules)
        {
            var scope = rule.IsClient ? "a chat-button page"
                : rule.Operations.Count == gets.Count && rule.Operations.All(gets.Contains) ? "every GET"
                : string.Join(", ", rule.Operations);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{rule.Id,-11} {rule.LevelText,-6} {rule.Provenance,-8} {scope}: {rule.Requirement}\n");
        }
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{spec.Rules.Rules.Count} rules, catalogue revision {spec.Rules.Revision}.\n");
        output.Write(text.ToString());
    }

    /// <summary>Progress as plain lines (CI logs read them as well as a terminal): one each quarter of the way, and at
    /// least every two seconds against a slow target, with the results so far in the report's own words.</summary>
    private sealed class Progress : IProgress<Finding>, IDisposable
    {
        private readonly IAnsiConsole _console;
        private readonly int _total;
        private readonly ITimer _heartbeat;
        private readonly TimeProvider _time;
        private readonly long _started;
        private readonly int[] _counts = new int[Enum.GetValues<Result>().Length];
        private int _done;
        private long _lastLineMs;

        public Progress(IAnsiConsole console, int total, TimeProvider time)
        {
            _console = console;
            _total = total;
            _time = time;
            _started = time.GetTimestamp();
            // A slow target completes nothing for a while: say so every two seconds rather than go quiet.
            _heartbeat = time.CreateTimer(_ => Line(Volatile.Read(ref _done), force: false), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        public void Report(Finding value)
        {
            Interlocked.Increment(ref _counts[(int)Verdicts.ResultOf(value)]);
            var done = Interlocked.Increment(ref _done);
            Line(done, force: _total > 0 && (done == _total || done * 4 / _total != (done - 1) * 4 / _total));
        }

        public void Dispose() => _heartbeat.Dispose();

        // One progress line at a time (a private lock: nobody else can take it). Lock order (README, One lock order):
        // taken with nothing held (a finding reported, the heartbeat); nothing is taken while it is held.
        private readonly Lock _lines = new();

        private long ElapsedMs => (long)_time.GetElapsedTime(_started).TotalMilliseconds;

        private void Line(int done, bool force)
        {
            if (force || ElapsedMs - Interlocked.Read(ref _lastLineMs) >= 2000)
            {
                lock (_lines)
                {
                    // Read under the lock, so lines from several threads never count backwards.
                    done = Math.Max(done, Volatile.Read(ref _done));
                    Interlocked.Exchange(ref _lastLineMs, ElapsedMs);
                    var notPassing = Enum.GetValues<Result>().Where(r => Verdicts.NotPassing(r) && Volatile.Read(ref _counts[(int)r]) > 0)
                        .Select(r => $"{Volatile.Read(ref _counts[(int)r])} {Verdicts.Label(r)}");
                    _console.MarkupLine($"[grey]  {done}/{_total} checks, {_time.GetElapsedTime(_started).TotalSeconds:0.0} s{Markup.Escape(string.Concat(notPassing.Select(n => ", " + n)))}[/]");
                }
            }
        }
    }
}
