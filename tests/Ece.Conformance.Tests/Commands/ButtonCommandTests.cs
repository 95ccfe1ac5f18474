namespace Ece.Conformance.Tests.Commands;

/// <summary>The button command as a user runs it: a process, stopped as a terminal or a service manager stops it.</summary>
public class ButtonCommandTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "ece-conformance.dll");

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task A_signal_stops_the_steps_with_exit_2_and_says_so(string signal)
    {
        var dir = Directory.CreateTempSubdirectory("ece-button-signal-").FullName;

        // Signalled once the first step has been judged: Chromium and the page are running.
        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "button", "--page", "sample", "--report-dir", dir], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string> { ["COLUMNS"] = "200" }, after: "requests in", whileRunning: (p, _) => Processes.SignalAsync(p, signal));

        exit.Should().Be(2, output);
        output.Should().Contain("interrupted (Ctrl+C or SIGTERM)").And.NotContain("internal error").And.NotContain("   at ");
    }

    // Each escaped as an internal error: --format was read outside the refusal, a launch failure reached the user as
    // Playwright's exception.
    [TestCase("--format", "console", "--format console is not one of")]
    [TestCase("--chromium", "/bin/false", "Chromium /bin/false could not be started")]
    public async Task A_wrong_option_is_exit_2_naming_it_not_an_internal_error(string option, string value, string says)
    {
        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "button", "--page", "sample", option, value, "--report-dir", Directory.CreateTempSubdirectory("ece-button-usage-").FullName],
            TimeSpan.FromMinutes(1), environment: new Dictionary<string, string> { ["COLUMNS"] = "200" });

        exit.Should().Be(2, output);
        output.Should().Contain(says).And.NotContain("internal error").And.NotContain("   at ");
    }
}
