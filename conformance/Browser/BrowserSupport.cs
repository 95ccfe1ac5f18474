using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Ece.Conformance.Browser;

/// <summary>Whether this build drives a browser. The native runner (run-conformance.sh builds it ahead of time, for
/// a start ~4x faster) has no browser: Playwright drives Chromium by reflection, which native code does not have. It
/// hands a command that needs one (button, --browser) to the JIT-compiled runner published beside it (full/), by
/// exec: the same process id, arguments, terminal, signals and exit code, so nothing tells the two apart.</summary>
internal static partial class BrowserSupport
{
    /// <summary>The switch's name; the native build sets it false (Ece.Conformance.csproj), which lets the compiler
    /// leave every path into Playwright out of the binary.</summary>
    public const string Switch = "Ece.Conformance.Browser";

    /// <summary>The folder, beside the native runner, that holds the JIT-compiled runner with the browser.</summary>
    public const string FullRunnerFolder = "full";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsAvailable => !AppContext.TryGetSwitch(Switch, out var on) || on;

    /// <summary>Replaces this process with the full runner and the same arguments; returns only when it cannot (the
    /// exit code 2 and why): a runner copied without its full/ folder.</summary>
    public static int HandOver()
    {
        var full = Path.Combine(AppContext.BaseDirectory, FullRunnerFolder, "ece-conformance");
        if (!File.Exists(full))
        {
            Console.Error.WriteLine($"error: this native runner has no browser, and the runner that has one is not beside it ({full}). Run ./run-conformance.sh from the repository, which builds both, or the .NET tool.");
            return 2;
        }
        string?[] argv = [full, .. Environment.GetCommandLineArgs().Skip(1), null];
        Console.Out.Flush();
        Execv(full, argv);
        Console.Error.WriteLine($"error: {full} could not be started: {Marshal.GetLastPInvokeErrorMessage()}.");
        return 2;
    }

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, string?[] argv);
}
