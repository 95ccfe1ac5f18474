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
void Stop(PosixSignalContext signal)
{
    signal.Cancel = !stop.IsCancellationRequested;
    InputWait.Stopped(); // a read of user input cannot see the token: it ends here
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
