namespace Ece.Conformance;

/// <summary>A timing log on standard error, for finding where the time goes: on when ECE_CONFORMANCE_TIMING is set.
/// Each line is the wall time since the process started and what was done.</summary>
internal static class Timing
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("ECE_CONFORMANCE_TIMING") is { Length: > 0 };

    // From the process's start, not this class's first use: the runtime's own start-up is part of what is measured.
    private static readonly DateTime s_started = Enabled ? System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    public static void Log(string what)
    {
        if (Enabled)
        {
            // The system clock below the roots, allowed (TimeSourceTests): a diagnostic of wall time, off unless asked for.
            // With the methods compiled at run time so far and the time that took: what ReadyToRun left to the JIT.
            Console.Error.WriteLine($"[timing] {(TimeProvider.System.GetUtcNow().UtcDateTime - s_started).TotalMilliseconds,8:0} ms  {what} (JIT: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)");
        }
    }
}
