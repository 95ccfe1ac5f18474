using System.Diagnostics;
using Ece.Conformance.Running;

namespace Ece.Conformance.Tests.Commands;

/// <summary>The command line as users meet it: the real executable, its exit codes and messages.</summary>
public class CheckCommandTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "ece-conformance.dll");

    [Test]
    public async Task With_no_target_it_checks_the_embedded_server_and_exits_0_with_every_report()
    {
        var dir = TempDir();

        var (exit, output) = await Run("--report-dir", dir);

        exit.Should().Be(0, output);
        output.Should().Contain("CONFORMANT").And.Contain("embedded reference server");
        Directory.GetFiles(dir).Select(Path.GetFileName).Should().BeEquivalentTo(["report.json", "report.junit.xml", "report.html", "report.md"]);
    }

    [TestCase("--target", "ftp://example.com", "must be an http or https URL")]
    [TestCase("--target", "https://ece.example.com/system/egain", "give the path with --base-path /system/egain")]
    [TestCase("--entry-point", "abc", "64-bit integer")]
    [TestCase("--timeout", "0", "--timeout must be from 0.001 to 300 seconds")]
    [TestCase("--timeout", "1e-8", "--timeout must be from 0.001 to 300 seconds")]
    [TestCase("--deadline", "NaN", "--deadline must be from 0.001 to 3600 seconds")]
    [TestCase("--targets-file", "", "--targets-file  cannot be read")]
    [TestCase("--write-baseline", "", "--write-baseline  cannot be written")]
    [TestCase("--write-baseline", "/dev/null/x", "--write-baseline /dev/null/x cannot be written")]
    [TestCase("--scenario", "no-such-scenario", "--scenario: No scenario or state file 'no-such-scenario'")]
    [TestCase("--concurrency", "500", "--concurrency must be from 1 to 64")]
    [TestCase("--header", "NoColon", "Name: value")]
    [TestCase("--format", "pdf", "--format pdf is not one of")]
    [TestCase("--only", "ECE-ZZ-999", "matches no rule")]
    [TestCase("--invalid-entry-point", "1000", "is also an entry point to check")]
    [TestCase("--no-such-option", "x", "Unrecognized command or argument")]
    [TestCase("--baseline", "/nonexistent/baseline.json", "cannot be read")]
    [TestCase("--chromium", "/nonexistent/chromium", "--chromium /nonexistent/chromium does not exist")]
    public async Task A_bad_argument_is_exit_2_with_a_clear_message(string option, string value, string says)
    {
        var (exit, output) = await Run(option, value, "--report-dir", TempDir());

        exit.Should().Be(2, output);
        output.Should().Contain(says).And.NotContain("internal error").And.NotContain("   at ");
    }

    [Test]
    public async Task A_value_quoted_in_a_refusal_is_shown_as_text_never_sent_to_the_terminal_as_it_came()
    {
        // An escape sequence recolours or rewrites the terminal; 100 KB of it fills the screen. (Built here: a control
        // character in a test case's name does not survive the test adapter.)
        var (exit, output) = await Run("--entry-point", "1\u001b[31m" + new string('9', 100_000), "--report-dir", TempDir());

        exit.Should().Be(2, output);
        output.Should().Contain("not '1\\u001b[31m999").And.NotContain("\u001b");
        output.Length.Should().BeLessThan(UsageException.MaxShown + 200);
    }

    [Test]
    public async Task A_named_pipe_as_write_baseline_gets_the_baseline_whole()
    {
        // Proving the path writable must not open it: an open and close is the end of the file to the pipe's reader.
        var folder = Directory.CreateTempSubdirectory("ece-pipe-").FullName;
        var pipe = Path.Combine(folder, "baseline");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
        }
        var reading = Task.Run(() => File.ReadAllText(pipe));

        var (exit, output) = await Run("--write-baseline", pipe, "--format", "console");

        exit.Should().Be(0, output);
        (await reading.WaitAsync(TimeSpan.FromSeconds(30))).Should().Contain("\"knownFailures\"");
        Directory.Delete(folder, recursive: true);
    }

    // Each was read as "no target": the demonstration ran against the embedded server and said CONFORMANT.
    [TestCase("an empty targets file", "names no target")]
    [TestCase("a targets file of comments", "names no target")]
    [TestCase("a folder without a HAR", "holds no .har file")]
    [TestCase("--scenario with a target", "--scenario sets the state of the embedded reference server")]
    public async Task Where_the_targets_come_from_misconfigured_is_exit_2_never_the_demonstration(string mistake, string says)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, mistake == "a targets file of comments" ? "# ECE hosts, one a line\n\n  # none yet\n" : "");
        string[] options = mistake switch
        {
            "a folder without a HAR" => ["--har", Directory.CreateTempSubdirectory("ece-no-har-").FullName],
            "--scenario with a target" => ["--target", "http://127.0.0.1:9", "--scenario", "queue-full"],
            _ => ["--targets-file", file],
        };

        var (exit, output) = await Run([.. options, "--report-dir", TempDir()]);

        exit.Should().Be(2, output);
        output.Should().StartWith("error: ").And.Contain(says).And.NotContain("CONFORMANT").And.NotContain("embedded reference server (scenario");
    }

    [Test]
    public async Task An_unreachable_target_is_exit_2_and_says_why()
    {
        // The process's own limit (Processes, one minute) guards a hang; --timeout 2 --retries 0 bound the run.
        var (exit, output) = await Run("--target", "http://127.0.0.1:9", "--timeout", "2", "--retries", "0", "--report-dir", TempDir());

        exit.Should().Be(2, output);
        output.Should().Contain("could not be reached");
    }

    [Test]
    public async Task A_run_in_which_nothing_is_checked_is_never_exit_0()
    {
        var (exit, output) = await Run("--only", "ECE-SV", "--target", "http://127.0.0.1:9", "--report-dir", TempDir(), "--retries", "0");
        exit.Should().Be(2, output);

        await using var target = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        var readOnlySurvey = await Runner.RunAsync(target.Url, o => o with { Filter = new RuleFilter(["survey"], []) });
        readOnlySurvey.Verdict.ExitCode.Should().Be(2, "without --allow-writes every survey rule is skipped and nothing is judged");
    }

    [Test]
    public async Task List_prints_every_rule_and_checks_nothing()
    {
        var (exit, output) = await Run("--list", "--target", "http://127.0.0.1:9");

        exit.Should().Be(0);
        output.Should().Contain("ECE-GN-001").And.Contain("ECE-SV-004").And.Contain("rules, catalogue revision");
        // One line a rule, its id first, so grep finds a rule with its id by any word of its requirement.
        var lines = output.Split('\n');
        foreach (var rule in Ece.Spec.EceSpec.Default.Rules.Rules)
        {
            lines.Should().ContainSingle(l => l.StartsWith(rule.Id + " ", StringComparison.Ordinal) && l.Contains(rule.Requirement, StringComparison.Ordinal));
        }
    }

    [Test]
    public async Task Only_and_skip_select_rules_by_id_prefix_operation_and_level()
    {
        var run = await Runner.RunAsync(null, o => o with { Filter = new RuleFilter(["ECE-CA", "capacity"], ["SHOULD", "ECE-GN-012"]) });

        var judged = run.Result.Findings.Where(f => f.Outcome != Ece.Conformance.Checks.Outcome.Skipped).Select(f => f.Rule).Distinct().ToList();
        judged.Should().OnlyContain(r => (r.Id.StartsWith("ECE-CA") || r.Operations.Contains("capacity")) && r.Level != Spec.RuleLevel.Should && r.Id != "ECE-GN-012");
        judged.Should().Contain(r => r.Id == "ECE-CA-005").And.Contain(r => r.Id == "ECE-CP-001");
    }

    [TestCase("/dev/null/x")]
    [TestCase("an existing file")]
    public async Task A_report_directory_that_cannot_be_written_is_exit_2_before_any_request(string directory)
    {
        await using var target = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        if (directory == "an existing file")
        {
            directory = Path.GetTempFileName();
        }

        var (exit, output) = await Run("--target", target.Url.ToString(), "--report-dir", directory);

        exit.Should().Be(2, output);
        output.Should().Contain("--report-dir").And.Contain("cannot be written").And.NotContain("   at ");
        target.Requests.Should().Be(0);
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task A_signal_stops_the_run_with_partial_reports_and_exit_2(string signal)
    {
        await using var target = await FakeTarget.StartAsync(async call =>
        {
            await Task.Delay(300, call.Context.RequestAborted);
            return null;
        });
        var dir = TempDir();

        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "--target", target.Url.ToString(), "--report-dir", dir],
            environment: new Dictionary<string, string> { ["COLUMNS"] = "200" }, after: "Checking", whileRunning: async (p, _) =>
            {
                await Task.Delay(800);
                await Processes.SignalAsync(p, signal);
            });

        exit.Should().Be(2, output);
        output.Should().Contain("Interrupted after");
        var report = File.ReadAllText(Path.Combine(dir, "report.json"));
        report.Should().Contain("COULD NOT TEST").And.Contain("Interrupted after");
        File.ReadAllText(Path.Combine(dir, "report.junit.xml")).Should().Contain("type=\"could-not-test\"");
    }

    [Test]
    public async Task Only_an_operation_checks_that_operation_alone()
    {
        var run = await Runner.RunAsync((Uri?)null, o => o with { Filter = new RuleFilter(["capacity"], []) });

        run.Result.Findings.Where(f => f.Outcome != Ece.Conformance.Checks.Outcome.Skipped && f.Operation is not null)
            .Select(f => f.Operation).Distinct().Should().Equal("capacity");
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "ece-cli-tests", Guid.NewGuid().ToString("N"));

    private static Task<(int Exit, string Output)> Run(params string[] args) =>
        Processes.RunAsync("dotnet", [Executable, .. args], environment: new Dictionary<string, string> { ["COLUMNS"] = "200" });
}
