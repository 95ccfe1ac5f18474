using Ece.Conformance.Browser;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using System.CommandLine;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Commands;

/// <summary>The root command: check a target (or the embedded reference server) against the spec.</summary>
internal static class CheckCommand
{
    private static readonly Option<string[]> Target = new("--target") { Description = "ECE host to check: scheme, host and port (https://ece.example.com); repeatable for a fleet. Without it, the embedded reference server is started and checked." };
    private static readonly Option<string[]> HarFiles = new("--har") { Description = "Judge the chat API exchanges a HAR file holds (a browser's \"Save all as HAR\", Playwright, mitmproxy, Charles, Fiddler, or the record command) instead of a live target; repeatable, or a folder of .har files." };
    private static readonly Option<string?> TargetsFile = new("--targets-file") { Description = "File of targets, one URL a line (# comments), checked like repeated --target." };
    private static readonly Option<string?> BasePath = new("--base-path") { Description = $"Base path of the API on the target (default {EceSpec.Default.DefaultBasePath}; also seen: {string.Join(", ", EceSpec.Default.ObservedBasePaths.Skip(1))}; / for an API at the root, such as a mock)." };
    private static readonly Option<string[]> EntryPoint = new("--entry-point") { Description = $"Entry point id to check; repeatable (default {EceSpec.Default.ExampleEntryPoint}).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> InvalidEntryPoint = new("--invalid-entry-point") { Description = $"An id that is no entry point on the target (default {EceSpec.UnknownEntryPoint})." };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10 };
    private static readonly Option<double> Deadline = new("--deadline") { Description = "Seconds the whole run may take.", DefaultValueFactory = _ => 120 };
    private static readonly Option<int> Retries = new("--retries") { Description = "Retries after a connection failure, never after an answer.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 4 };
    private static readonly Option<string[]> Header = new("--header") { Description = "\"Name: value\" sent with every request; repeatable. Authorization, cookies and tokens are redacted in reports." };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Accept any TLS certificate (self-signed test servers)." };
    private static readonly Option<string?> Proxy = new("--proxy") { Description = "HTTP proxy URL to reach the target through." };
    private static readonly Option<string[]> Only = new("--only") { Description = "Check only these rules: rule id, id prefix (ECE-CA), operation or level; repeatable or comma-separated." };
    private static readonly Option<string[]> Skip = new("--skip") { Description = "Do not check these rules (same terms as --only)." };
    private static readonly Option<bool> List = new("--list") { Description = "Print the rules and exit without checking." };
    private static readonly Option<bool> AllowWrites = new("--allow-writes") { Description = "Post surveys (marked as conformance tests) to the target; without it the run is read-only." };
    private static readonly Option<string> SurveySid = new("--survey-sid") { Description = "sid of the test surveys.", DefaultValueFactory = _ => "0" };
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "JSON file of known failures that do not fail the gate; an entry that passes now fails the run." };
    private static readonly Option<string?> WriteBaseline = new("--write-baseline") { Description = "Write this run's failures as a baseline file." };
    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Directory for the report files.", DefaultValueFactory = _ => "conformance-report" };
    private static readonly Option<string[]> Format = new("--format") { Description = $"Reports to produce: {string.Join(", ", ReportWriter.Formats)} (default all); repeatable or comma-separated." };
    private static readonly Option<string> Scenario = new("--scenario") { Description = "Scenario of the embedded reference server (without --target).", DefaultValueFactory = _ => Ece.ReferenceServer.ReferenceServerApp.DefaultScenario };
    private static readonly Option<string?> Origin = new("--origin") { Description = "The web site your chat button runs on (https://www.example.com): checks that the target allows it cross-origin (ECE-GN-018, ECE-SV-005)." };
    private static readonly Option<double> LatencyBudget = new("--latency-budget") { Description = "Seconds polling clients wait for an answer.", DefaultValueFactory = _ => 5 };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Also show every check in a table per operation (the default shows what is not passing)." };
    private static readonly Option<bool> Browser = new("--browser") { Description = "Also open the sample chat-button page in Chromium against the target (ECE-BR-001); screenshots go into the HTML report." };
    private static readonly Option<string?> ChromiumPath = new("--chromium") { Description = "Chromium to use with --browser (default: /usr/bin/chromium or another installed one)." };

    public static RootCommand Create()
    {
        var command = new RootCommand("""
            Checks an ECE 11.6 customer-facing chat API deployment against the spec.
            Exit 0 conformant, 1 not conformant, 2 could not test (the summary says what to change).

            Examples:
              ./run-conformance.sh --target https://ece.example.com                      check your ECE (read-only)
              ./run-conformance.sh --target https://ece.example.com --base-path /system/ws --entry-point 1000 --entry-point 1004
              ./run-conformance.sh --target https://ece.example.com --origin https://www.example.com --allow-writes
              ./run-conformance.sh --target https://ece.example.com --baseline ci/ece-baseline.json
              ./run-conformance.sh --har support-page.har                                what your browser saw (DevTools: Save all as HAR)
              ./run-conformance.sh record --target https://ece.example.com --duration 10m --out prod.har
              ./run-conformance.sh compare before/ after/                                what an upgrade changed (two report folders)
              ./run-conformance.sh button --page sample                                  a chat-button page in every state and over a visit
              ./run-conformance.sh                                                       a demonstration against the embedded reference server
            (Installed as a .NET tool, type ece-conformance instead of ./run-conformance.sh.)
            """);
        foreach (var option in new Option[] { Target, HarFiles, TargetsFile, BasePath, EntryPoint, InvalidEntryPoint, Timeout, Deadline, Retries, Concurrency, Header, Insecure, Proxy, Only, Skip, List, AllowWrites, SurveySid, Baseline, WriteBaseline, ReportDir, Format, Scenario, Verbose, Browser, ChromiumPath, Origin, LatencyBudget })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancel) =>
            // Decided from the command line alone, before any option is read: a targets file (a pipe, say) read here
            // would not be there for the runner it is handed to.
            !parse.GetValue(List) && WantsBrowser(parse) && !BrowserSupport.IsAvailable
                ? Task.FromResult(BrowserSupport.HandOver())
                : RunCommand.ExecuteAsync(parse.GetValue(List), () => Read(parse), cancel));
        command.Subcommands.Add(CompareCommand.Create());
        command.Subcommands.Add(TraceabilityCommand.Create());
        command.Subcommands.Add(ToolProfileCommand.Create());
        command.Subcommands.Add(ButtonCommand.Create());
        command.Subcommands.Add(MonitorCommand.Create());
        command.Subcommands.Add(RecordCommand.Create());
        return command;
    }

    private static bool WantsBrowser(ParseResult parse) => parse.GetValue(Browser) || parse.GetValue(ChromiumPath) is not null;

    private static RunOptions Read(ParseResult parse)
    {
        var formats = RunOptions.ParseFormats(parse.GetValue(Format), ReportWriter.Formats, ReportWriter.Formats);
        var filter = RunOptions.ParseFilter(parse.GetValue(Only), parse.GetValue(Skip));
        var checks = ReadChecks(parse);
        var har = parse.GetValue(HarFiles) is { Length: > 0 } given ? Har.HarRun.Files(given) : [];
        var targets = RunOptions.ParseTargets(parse.GetValue(Target), parse.GetValue(TargetsFile));
        if (har.Count > 0 && targets.Count > 0)
        {
            throw new UsageException("--har judges a recording, --target a live ECE: give one of them.");
        }
        if (parse.GetResult(Scenario) is { Implicit: false } && har.Count + targets.Count > 0)
        {
            // Silently ignored, it would let a run against a real ECE look as if it had been put in that state.
            throw new UsageException($"--scenario sets the state of the embedded reference server, which a run with {(har.Count > 0 ? "--har" : "--target")} does not start: leave --scenario out.");
        }
        return new RunOptions
        {
            Har = har,
            Targets = targets,
            Connection = ReadConnection(parse),
            Checks = checks,
            Deadline = RunOptions.Seconds(parse.GetValue(Deadline), "--deadline", 3600),
            Filter = filter,
            Baseline = parse.GetValue(Baseline),
            WriteBaseline = parse.GetValue(WriteBaseline),
            ReportDirectory = parse.GetValue(ReportDir)!,
            Formats = formats,
            Scenario = parse.GetValue(Scenario)!,
            Verbose = parse.GetValue(Verbose),
            Browser = WantsBrowser(parse),
            Chromium = parse.GetValue(ChromiumPath),
            Time = TimeProvider.System, // the composition root: a run from the command line is on the system clock
        };
    }

    /// <summary>How requests reach the target: --timeout, --retries, --concurrency, --header, --insecure, --proxy.</summary>
    private static TargetOptions ReadConnection(ParseResult parse) => new()
    {
        Timeout = RunOptions.Seconds(parse.GetValue(Timeout), "--timeout", 300),
        Retries = RunOptions.Between(parse.GetValue(Retries), "--retries", 0, 5),
        Concurrency = RunOptions.Between(parse.GetValue(Concurrency), "--concurrency", 1, 64),
        Headers = (parse.GetValue(Header) ?? []).Select(RunOptions.ParseHeader).ToList(),
        Insecure = parse.GetValue(Insecure),
        Proxy = parse.GetValue(Proxy) is { } proxy ? TargetUrl.Parse(proxy, "--proxy") : null,
    };

    /// <summary>What the checks ask and of which entry points.</summary>
    private static CheckSettings ReadChecks(ParseResult parse)
    {
        var entryPoints = RunOptions.ParseEntryPoints(parse.GetValue(EntryPoint));
        var invalid = CheckSettings.ParseEntryPoint(parse.GetValue(InvalidEntryPoint) ?? EceSpec.UnknownEntryPointText, "--invalid-entry-point");
        if (entryPoints.Contains(invalid))
        {
            throw new UsageException($"--invalid-entry-point {invalid} is also an entry point to check: give an id that no entry point of the target has.");
        }
        return new CheckSettings
        {
            BasePath = RunOptions.ParseBasePath(parse.GetValue(BasePath) ?? EceSpec.Default.DefaultBasePath),
            EntryPoints = entryPoints,
            InvalidEntryPoint = invalid,
            AllowWrites = parse.GetValue(AllowWrites),
            SurveySessionId = parse.GetValue(SurveySid) is { Length: > 0 } sid ? sid : throw new UsageException("--survey-sid must not be empty."),
            Origin = parse.GetValue(Origin) is { } origin ? RunOptions.ParseOrigin(origin) : null,
            LatencyBudget = RunOptions.Seconds(parse.GetValue(LatencyBudget), "--latency-budget", 300),
        };
    }
}
