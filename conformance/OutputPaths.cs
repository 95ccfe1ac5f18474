namespace Ece.Conformance;

/// <summary>Where the user asks for output (a report folder, a HAR, a baseline), proved writable before the work that
/// fills it: a path that cannot be written is the option's fault (exit 2), said at once, not after a run.</summary>
internal static class OutputPaths
{
    /// <exception cref="UsageException">The folder cannot be created or written.</exception>
    public static void EnsureFolder(string folder, string option)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".ece-conformance-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} {folder} cannot be written ({e.Message}); give a folder you can write to.");
        }
    }

    /// <summary>A file that is not there is created and removed again, which proves its folder; one that is there is
    /// left unopened: it may be a named pipe or /dev/stdout, where an open and close would be an end of file to the
    /// reader (and blocks while it has none), and writing it is said as the writer's error if it fails.</summary>
    /// <exception cref="UsageException">The file cannot be written: no such folder, a folder of that name, no permission.</exception>
    public static void EnsureFile(string file, string option)
    {
        try
        {
            if (Directory.Exists(file))
            {
                throw new IOException("it is a folder");
            }
            if (!File.Exists(file))
            {
                using (new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }
                File.Delete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} {file} cannot be written ({e.Message}); give a file in a folder you can write to.");
        }
    }
}
