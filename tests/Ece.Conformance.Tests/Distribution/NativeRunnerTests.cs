using System.Text.RegularExpressions;
using Ece.Conformance.Checks;
using Ece.Conformance.Reports;
using Ece.Conformance.Tests.Monitor;

namespace Ece.Conformance.Tests.Distribution;

/// <summary>The runner as ./run-conformance.sh builds it: a native executable (ahead of time, no JIT) and the
/// JIT-compiled runner beside it in full/, which has the browser. The two are one product: for the same arguments they
/// write the same reports, say the same things and exit alike; what needs a browser is handed to full/. The tests run
/// the wrapper, which builds both when the sources are newer (a few minutes, once).</summary>
[NonParallelizable]
public partial class NativeRunnerTests
{
    private static readonly string Native = RepositoryFiles.Path(".tools", "runner", "ece-conformance");
    private static readonly string Full = RepositoryFiles.Path(".tools", "runner", "full", "ece-conformance");
    private string _work = "";

    [OneTimeSetUp]
    public async Task BuildTheRunnerAsTheWrapperDoes()
    {
        var (exit, output) = await Processes.RunAsync(RepositoryFiles.Path("run-conformance.sh"), ["--version"], TimeSpan.FromMinutes(12));
        exit.Should().Be(0, output);
    }

    [SetUp]
    public void Work() => _work = Directory.CreateTempSubdirectory("ece-native-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);

    [Test]
    public void The_wrapper_builds_a_native_runner_and_the_full_one_beside_it()
    {
        File.Exists(Native + ".dll").Should().BeFalse("the native runner is one executable, not an assembly the JIT loads");
        File.ReadAllBytes(Native).AsSpan(0, 4).ToArray().Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F']);
        File.Exists(Full + ".dll").Should().BeTrue("full/ is the JIT-compiled runner, with the browser");
        File.Exists(Path.Combine(Path.GetDirectoryName(Full)!, "Microsoft.Playwright.dll")).Should().BeTrue();
        // The compiler left every path into Playwright out (BrowserSupport): its reflection would fail here at run time.
        File.ReadAllBytes(Native).AsSpan().IndexOf("Microsoft.Playwright"u8).Should().Be(-1, "no Playwright code is compiled into the native runner");
    }

    [Test]
    public async Task An_embedded_run_writes_the_same_reports_in_both_runners()
    {
        var (native, full) = await BothAsync(dir => ["--report-dir", dir, "--format", "console,json,junit,html,markdown"]);

        native.Exit.Should().Be(0, native.Output);
        full.Exit.Should().Be(0, full.Output);
        Lines(native.Output).Should().Equal(Lines(full.Output));
        foreach (var file in new[] { "report.json", "report.junit.xml", "report.html", "report.md" })
        {
            Scrub(File.ReadAllText(Path.Combine(native.Dir, file))).Should().Be(Scrub(File.ReadAllText(Path.Combine(full.Dir, file))), file);
        }
    }

    [Test]
    public async Task The_rule_list_and_the_help_are_the_same_in_both_runners()
    {
        foreach (var args in new[] { new[] { "--list" }, ["--help"], ["button", "--help"], ["monitor", "--help"], ["tool-profile"], ["traceability"] })
        {
            var native = await Processes.RunAsync(Native, args);
            var full = await Processes.RunAsync(Full, args);
            native.Exit.Should().Be(full.Exit, string.Join(' ', args));
            native.Output.Should().Be(full.Output, string.Join(' ', args));
        }
    }

    [Test]
    public async Task The_native_parse_of_the_spec_writes_the_compact_form_of_the_jit_parse_byte_for_byte()
    {
        // The native runner reads the YAML with YamlDotNet's reflection (SpecYaml): proved here, not assumed.
        var nativeCache = Path.Combine(_work, "native-cache");
        var fullCache = Path.Combine(_work, "full-cache");
        (await Processes.RunAsync(Native, ["--list"], environment: new Dictionary<string, string> { ["ECE_CONFORMANCE_CACHE"] = nativeCache })).Exit.Should().Be(0);
        (await Processes.RunAsync(Full, ["--list"], environment: new Dictionary<string, string> { ["ECE_CONFORMANCE_CACHE"] = fullCache })).Exit.Should().Be(0);

        var nativeForm = Directory.GetFiles(nativeCache, "spec-*.bin").Should().ContainSingle().Subject;
        var fullForm = Directory.GetFiles(fullCache, "spec-*.bin").Should().ContainSingle().Subject;
        File.ReadAllBytes(nativeForm).Should().Equal(File.ReadAllBytes(fullForm));
    }

    [Test]
    public async Task A_recorded_HAR_is_judged_and_compared_alike_in_both_runners()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync("queue-full");
        var har = Path.Combine(_work, "prod.har");
        var (recorded, recordOutput) = await Processes.RunAsync(Native, ["record", "--target", server.Url.ToString(), "--duration", "0", "--out", har]);
        recorded.Should().Be(0, recordOutput);

        var (native, full) = await BothAsync(dir => ["--har", har, "--report-dir", dir, "--format", "json,markdown"]);
        native.Exit.Should().Be(full.Exit, native.Output);
        Lines(native.Output).Should().Equal(Lines(full.Output));
        Scrub(File.ReadAllText(Path.Combine(native.Dir, "report.json"))).Should().Be(Scrub(File.ReadAllText(Path.Combine(full.Dir, "report.json"))));

        // compare reads both reports back (the JSON reader) and diffs the answers' bodies (XMLUnit).
        var embedded = Path.Combine(_work, "embedded");
        (await Processes.RunAsync(Native, ["--report-dir", embedded, "--format", "json"])).Exit.Should().Be(0);
        string[] compare = ["compare", Path.Combine(embedded, "report.json"), Path.Combine(native.Dir, "report.json")];
        var (nc, fc) = (Path.Combine(_work, "nc"), Path.Combine(_work, "fc"));
        var nativeCompare = await Processes.RunAsync(Native, [.. compare, "--report-dir", nc]);
        var fullCompare = await Processes.RunAsync(Full, [.. compare, "--report-dir", fc]);
        nativeCompare.Output.Should().Contain("compared by XMLUnit", "the answers' bodies differ between the scenarios");
        nativeCompare.Exit.Should().Be(fullCompare.Exit, nativeCompare.Output);
        Lines(nativeCompare.Output.Replace(nc, "DIR", StringComparison.Ordinal)).Should().Equal(Lines(fullCompare.Output.Replace(fc, "DIR", StringComparison.Ordinal)));
        Scrub(File.ReadAllText(Path.Combine(nc, "compare.md"))).Should().Be(Scrub(File.ReadAllText(Path.Combine(fc, "compare.md"))));
    }

    [Test]
    public async Task A_failing_target_gives_the_same_baseline_in_both_runners_and_it_covers_the_failures()
    {
        // Its queue status is labelled text/plain: a client that reads the answer as XML only when told so breaks.
        await using var target = await FakeTarget.StartAsync(async call => call.Operation == "liveSessionStatus" ? (await call.Upstream()) with { ContentType = "text/plain" } : null);
        var (native, full) = await BothAsync(dir => ["--target", target.Url.ToString(), "--report-dir", dir, "--format", "json", "--write-baseline", Path.Combine(dir, "baseline.json")]);
        native.Exit.Should().Be(1, native.Output);
        full.Exit.Should().Be(1, full.Output);
        var baseline = File.ReadAllText(Path.Combine(native.Dir, "baseline.json"));
        baseline.Should().Contain("\"rule\": \"ECE-", "the failures are written as known");
        baseline.Should().Be(File.ReadAllText(Path.Combine(full.Dir, "baseline.json")));

        var (read, output) = await Processes.RunAsync(Native, ["--target", target.Url.ToString(), "--report-dir", Path.Combine(_work, "again"), "--format", "json", "--baseline", Path.Combine(native.Dir, "baseline.json")]);
        read.Should().Be(0, output);
        output.Should().Contain("known failure");
    }

    [Test]
    public async Task A_targets_file_that_can_be_read_once_reaches_the_full_runner_whole()
    {
        // A pipe, read by the native runner before it hands --browser over, would be empty for the full runner.
        await using var server = await RunningMonitor.ReferenceServerAsync();
        var pipe = Path.Combine(_work, "targets");
        (await Processes.RunAsync("mkfifo", [pipe])).Exit.Should().Be(0);
        var writer = Task.Run(() => File.WriteAllText(pipe, server.Url + "\n"));

        var (exit, output) = await Processes.RunAsync(Native, ["--targets-file", pipe, "--chromium", "/nonexistent/chromium", "--report-dir", Path.Combine(_work, "r")], TimeSpan.FromSeconds(30));

        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        exit.Should().Be(2, output);
        output.Should().Contain("--chromium /nonexistent/chromium does not exist", "the full runner read the one target, then looked for Chromium");
    }

    [Test]
    public async Task The_native_monitor_serves_its_metrics_status_page_and_change_lines()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync("queue-full");
        string metrics = "", page = "", refusal = "";
        var refused = System.Net.HttpStatusCode.OK;
        var (exit, output) = await Processes.RunAsync(Native, ["monitor", "--target", server.Url.ToString(), "--listen", "127.0.0.1:0", "--interval", "1s"],
            TimeSpan.FromMinutes(1), after: "metrics on", whileRunning: async (process, line) =>
            {
                var url = new Uri(MetricsUrl().Match(line).Value);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                for (var i = 0; i < 100 && !metrics.Contains("ece_chat_button_state", StringComparison.Ordinal); i++)
                {
                    metrics = await http.GetStringAsync(url);
                    await Task.Delay(100);
                }
                page = await http.GetStringAsync(new Uri(url, "/"));
                using var answer = await http.GetAsync(new Uri(url, "/probe"));
                (refused, refusal) = (answer.StatusCode, await answer.Content.ReadAsStringAsync());
                await Processes.SignalAsync(process, "TERM");
            });

        exit.Should().Be(0, output);
        metrics.Should().Contain("ece_chat_button_state{");
        refused.Should().Be(System.Net.HttpStatusCode.BadRequest, "a /probe without target is refused as a problem, not a 500");
        refusal.Should().Contain("\"detail\":\"/probe needs ?target=URL.\"");
        page.Should().Contain("<html").And.Contain(server.Url.ToString().TrimEnd('/'));
        output.Should().MatchRegex("\\{\"time\":\"[^\"]+\",\"kind\":\"target\"", "a change is logged as one JSON line");
    }

    [Test]
    public async Task A_browser_run_given_to_the_native_runner_judges_the_button_in_Chromium()
    {
        // The native runner holds no browser code: a judged ECE-BR-001 is the full runner's, reached by the hand-over.
        var browser = Path.Combine(_work, "browser");
        var (exit, output) = await Processes.RunAsync(Native, ["--browser", "--only", "ECE-BR-001", "--report-dir", browser, "--format", "json"], TimeSpan.FromMinutes(2));

        exit.Should().Be(0, output);
        JsonReport.Read(Path.Combine(browser, "report.json")).Results.Where(r => r.Rule == "ECE-BR-001").Should().NotBeEmpty()
            .And.OnlyContain(r => r.Outcome == Outcome.Passed, "Chromium showed the sample page's button (not skipped for want of a browser)");
    }

    [Test]
    public async Task A_button_run_given_to_the_native_runner_is_done_by_the_full_one()
    {
        var report = Path.Combine(_work, "button");
        var (exit, output) = await Processes.RunAsync(Native, ["button", "--page", "sample", "--step", "default", "--report-dir", report], TimeSpan.FromMinutes(3));

        exit.Should().Be(0, output);
        File.Exists(Path.Combine(report, "report.md")).Should().BeTrue(output);
    }

    [Test]
    public async Task A_browser_command_given_wrong_options_ends_alike_in_both_runners()
    {
        // Through the hand-over, a mistake is told by the full runner, with its exit code, on the same terminal.
        foreach (var args in new[]
        {
            new[] { "button", "--page", "ftp://www.example.com/", "--button", "#chat" },
            ["--browser", "--chromium", "/nonexistent/chromium", "--report-dir", Path.Combine(_work, "r")],
        })
        {
            var native = await Processes.RunAsync(Native, args);
            var full = await Processes.RunAsync(Full, args);
            native.Exit.Should().Be(2, native.Output);
            (native.Exit, native.Output).Should().Be((full.Exit, full.Output), string.Join(' ', args));
        }
    }

    /// <summary>Runs the same command in both runners, each with its own report folder.</summary>
    private async Task<((int Exit, string Output, string Dir) Native, (int Exit, string Output, string Dir) Full)> BothAsync(Func<string, string[]> args)
    {
        var nativeDir = Path.Combine(_work, "native");
        var fullDir = Path.Combine(_work, "full");
        var native = await Processes.RunAsync(Native, args(nativeDir));
        var full = await Processes.RunAsync(Full, args(fullDir));
        return ((native.Exit, native.Output.Replace(nativeDir, "DIR", StringComparison.Ordinal), nativeDir),
            (full.Exit, full.Output.Replace(fullDir, "DIR", StringComparison.Ordinal), fullDir));
    }

    /// <summary>A console output's lines, scrubbed and sorted: it interleaves two streams (output and errors), whose
    /// order relative to each other depends on scheduling, not on the runner.</summary>
    private static List<string> Lines(string output) => [.. Scrub(output).Split('\n').Order(StringComparer.Ordinal)];

    /// <summary>What differs between two runs of one build: ports, clocks, durations, run ids, trace ids, and the
    /// progress lines (printed as the checks end, so their counts depend on timing).</summary>
    private static string Scrub(string text)
    {
        foreach (var (pattern, with) in s_volatile)
        {
            text = pattern.Replace(text, with);
        }
        return text;
    }

    private static readonly (Regex Pattern, string With)[] s_volatile =
    [
        (new Regex(@"(?m)^  \d+/\d+ checks, .*\n"), ""),
        (new Regex(@"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
        (new Regex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?( UTC)?"), "TIME"),
        (new Regex(@"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"), "DATE"),
        (new Regex(@"\b\d+(\.\d+)? (ms|s)\b"), "N s"),
        (new Regex(@"""(durationMs|elapsedMs|medianMs|maxMs)"": \d+"), "\"$1\": N"),
        (new Regex(@"time=""[\d.]+"""), "time=\"N\""),
        (new Regex(@"run [0-9a-f]{12}"), "run ID"),
        (new Regex(@"00-[0-9a-f]{32}-[0-9a-f]{16}-00"), "TRACE"),
        (new Regex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "GUID"),
    ];

    [GeneratedRegex(@"http://\S+/metrics")]
    private static partial Regex MetricsUrl();
}
