using System.Diagnostics;

namespace Ece.Conformance.Tests;

/// <summary>Runs a program as a user would, bounded in time, and returns its exit code and all it printed.</summary>
public static class Processes
{
    /// <param name="whileRunning">Acts on the running process (sends it a signal) once it has printed <paramref name="after"/>;
    /// given the line that said it (a port the program chose, say).</param>
    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan? limit = null,
        IReadOnlyDictionary<string, string>? environment = null, string? after = null, Func<Process, string, Task>? whileRunning = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource<string>();
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return; // the end of one of the two streams, not a line
            }
            lock (output)
            {
                output.AppendLine(e.Data);
                if (after is not null && e.Data?.Contains(after, StringComparison.Ordinal) == true)
                {
                    seen.TrySetResult(e.Data);
                }
            }
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(1));
        try
        {
            if (whileRunning is not null)
            {
                var line = await seen.Task.WaitAsync(timeout.Token);
                await whileRunning(process, line);
            }
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung child must not outlive the test that started it.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not end within {limit ?? TimeSpan.FromMinutes(1)}: {output}");
        }
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Sends a POSIX signal (INT, TERM) as a terminal or a service manager would.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }
}
