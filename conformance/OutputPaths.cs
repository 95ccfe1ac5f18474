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

    /// <summary>Opens <paramref name="file"/> for writing without changing it, and removes it again if it was not there.</summary>
    /// <exception cref="UsageException">The file cannot be written: no such folder, a folder of that name, no permission.</exception>
    public static void EnsureFile(string file, string option)
    {
        try
        {
            if (Directory.Exists(file))
            {
                throw new IOException("it is a folder");
            }
            var existed = File.Exists(file);
            using (new FileStream(file, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }
            if (!existed)
            {
                File.Delete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} {file} cannot be written ({e.Message}); give a file in a folder you can write to.");
        }
    }
}
