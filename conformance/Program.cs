using System.CommandLine;
using System.Runtime.InteropServices;
using Ece.Conformance;
using Ece.Conformance.Commands;
using Spectre.Console;

// Every command reads the spec model: read it on another core while the console is set up (a Lazy: whichever
// thread asks first reads it, the other waits for it).
_ = Task.Run(() => Ece.Spec.EceSpec.Default);
if (Console.IsOutputRedirected)
{
    // CI logs and files: no wrapping at 80 columns, no colour codes.
    AnsiConsole.Profile.Width = 200;
}
Timing.Log("main");
var root = CheckCommand.Create(); // reads the spec model: option help texts quote it
var parse = root.Parse(args);
Timing.Log("command line read");
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }
    await Console.Error.WriteLineAsync("See --help.");
    return 2;
}
// Ctrl+C and SIGTERM stop the run, which then writes its partial reports and exits 2 (README, exit codes);
// a second signal ends the process at once.
using var stop = new CancellationTokenSource();
ITimer? watchdog = null; // held here: a timer no one references may be collected before it fires
void Stop(PosixSignalContext signal)
{
    signal.Cancel = !stop.IsCancellationRequested;
    if (signal.Cancel)
    {
        // Work that cannot see the token (opening a named pipe no one writes to, say) would otherwise keep the process
        // for ever after the signal it swallowed: past a grace for the partial reports, it ends as the second signal would.
        watchdog = TimeProvider.System.CreateTimer(_ =>
        {
            Console.Error.WriteLine($"error: still running {SignalGrace.TotalSeconds:0} s after the signal (blocked on a file or pipe?): stopped, nothing can be concluded.");
            Environment.Exit(2);
        }, null, SignalGrace, Timeout.InfiniteTimeSpan);
    }
    stop.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, stop.Token);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // The runner must never report a verdict it did not reach.
    await Console.Error.WriteLineAsync($"internal error, nothing can be concluded: {e}");
    return 2;
}

internal static partial class Program
{
    /// <summary>How long a stopped run has to write its partial reports before the process ends regardless.</summary>
    private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(10);
}
