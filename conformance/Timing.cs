namespace Ece.Conformance;

/// <summary>A timing log on standard error, for finding where the time goes: on when ECE_CONFORMANCE_TIMING is set.
/// Each line is the wall time since the process started and what was done.</summary>
internal static class Timing
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("ECE_CONFORMANCE_TIMING") is { Length: > 0 };

    private static readonly long s_started = TimeProvider.System.GetTimestamp();

    public static void Log(string what)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"[timing] {TimeProvider.System.GetElapsedTime(s_started).TotalMilliseconds,8:0} ms  {what}");
        }
    }
}
