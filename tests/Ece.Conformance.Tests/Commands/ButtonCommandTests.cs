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
}
