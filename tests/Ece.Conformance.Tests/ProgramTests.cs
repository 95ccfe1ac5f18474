namespace Ece.Conformance.Tests;

/// <summary>The process as a service manager meets it: a stop signal ends it, whatever it is doing.</summary>
public class ProgramTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "ece-conformance.dll");

    [Test]
    public async Task A_stop_signal_ends_a_run_blocked_where_it_cannot_see_it_with_exit_2()
    {
        // A named pipe no one writes to: opening it blocks, so the signal's cancellation is never looked at. The first
        // signal was swallowed (a second ends the process) and the process ran on for ever.
        var folder = Directory.CreateTempSubdirectory("ece-fifo-").FullName;
        var fifo = Path.Combine(folder, "report.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "compare", fifo, fifo, "--report-dir", Path.Combine(folder, "out")], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string> { ["ECE_CONFORMANCE_TIMING"] = "1" }, after: "command line read", whileRunning: (p, _) => Processes.SignalAsync(p, "TERM"));

        Directory.Delete(folder, recursive: true);
        exit.Should().Be(2, output);
        // Said once (the signal's thread and the reading thread may both get there), naming what was being read.
        output.Split('\n').Should().ContainSingle(l => l.Contains("stopped (Ctrl+C or SIGTERM) while reading", StringComparison.Ordinal))
            .Which.Should().Contain($"the report {fifo}").And.Contain("nothing can be concluded");
    }
}
