namespace Ece.Conformance;

/// <summary>Reading a file the user named, where a stop signal cannot be seen: opening a named pipe no one writes to
/// blocks in the kernel, and so does reading a pipe that never ends. A signal that arrives then, or before such a read
/// begins, ends the process at once (exit 2): nothing has been checked, so there is nothing to write, and the signal
/// the process swallowed to write partial reports would otherwise leave it running for ever. A signal at any other
/// time stops the work through its token, as before, and the partial reports are written whatever they take.</summary>
internal static class InputWait
{
    private static int s_reading;
    private static int s_stopped;
    private static int s_abandoned;
    private static string s_what = "";

    /// <summary>Marks a read of user input until disposed; ends the process if a stop signal came already.</summary>
    /// <param name="what">The option and path read (--targets-file nodes.txt), for the message.</param>
    public static Scope Enter(string what)
    {
        Volatile.Write(ref s_what, what);
        Interlocked.Increment(ref s_reading);
        if (Volatile.Read(ref s_stopped) != 0)
        {
            Abandon();
        }
        return new Scope();
    }

    /// <summary>Told by the signal handler: ends the process if a read of user input is under way.</summary>
    public static void Stopped()
    {
        Interlocked.Exchange(ref s_stopped, 1);
        if (Volatile.Read(ref s_reading) > 0)
        {
            Abandon();
        }
    }

    private static void Abandon()
    {
        // Once: the signal's thread and the reading thread may both come here, and the first is ending the process.
        if (Interlocked.Exchange(ref s_abandoned, 1) != 0)
        {
            return;
        }
        Console.Error.WriteLine($"error: stopped (Ctrl+C or SIGTERM) while reading {Ece.Spec.SafeXml.Printable(Ece.Spec.SafeXml.Cut(Volatile.Read(ref s_what), 300))}, a file or pipe that gave no end: nothing was checked, nothing can be concluded.");
        Environment.Exit(2);
    }

    internal readonly struct Scope : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref s_reading);
    }
}
