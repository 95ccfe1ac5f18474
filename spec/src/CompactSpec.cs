namespace Ece.Spec;

/// <summary>The spec model in a compact form (binary, CompactWriter and CompactReader), cached after the first
/// read: parsing the YAML with Microsoft.OpenApi and YamlDotNet costs a run ~150 ms, reading this form a few.
/// The file is named after this assembly's module version id, which changes whenever an embedded spec file does, so a
/// rebuilt spec is never read from an older form; a form that does not read is parsed again and replaced; the folder
/// keeps the few newest forms (KeptForms).</summary>
internal static class CompactSpec
{
    /// <summary>Where the form is kept: ECE_CONFORMANCE_CACHE (a folder, or "off"), else the user's cache folder.</summary>
    public static string? Folder(Func<string, string?> environment)
    {
        if (environment("ECE_CONFORMANCE_CACHE") is { Length: > 0 } set)
        {
            return set == "off" ? null : set;
        }
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return cache.Length == 0 ? null : Path.Combine(cache, "ece-conformance");
    }

    /// <summary>How many forms a folder keeps, the newest written. More than one: two builds used in turn (an installed
    /// tool and a checkout's runner, or the tests' build and the runner) would otherwise delete each other's form at
    /// every run and each parse the YAML again. Few: a form a build no longer used is not kept for ever.</summary>
    internal const int KeptForms = 4;

    public static string FileIn(string folder) =>
        Path.Combine(folder, $"spec-{typeof(CompactSpec).Assembly.ManifestModule.ModuleVersionId:N}.bin");

    /// <summary>The model from <paramref name="folder"/>'s form if it reads, else from <paramref name="parse"/>, whose
    /// model is then written there for the next run (best effort: a read-only or full disk only costs the time).</summary>
    public static EceSpec Load(string? folder, Func<EceSpec> parse)
    {
        if (folder is null)
        {
            return parse();
        }
        var file = FileIn(folder);
        if (TryRead(file) is { } cached)
        {
            return cached;
        }
        var spec = parse();
        TryWrite(spec, folder, file);
        return spec;
    }

    internal static EceSpec? TryRead(string file)
    {
        try
        {
            using var reader = new CompactReader(File.OpenRead(file));
            return reader.Spec();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException)
        {
            return null; // absent, unreadable or damaged: parsed again
        }
    }

    private static void TryWrite(EceSpec spec, string folder, string file)
    {
        try
        {
            Directory.CreateDirectory(folder);
            // Written whole under another name, then renamed: a run reading at the same time sees all of it or none.
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, Serialize(spec));
            File.Move(temporary, file, overwrite: true);
            foreach (var older in new DirectoryInfo(folder).EnumerateFiles("spec-*.bin").OrderByDescending(f => f.LastWriteTimeUtc).Skip(KeptForms))
            {
                older.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation: without it the next run parses again.
        }
    }

    internal static byte[] Serialize(EceSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CompactWriter(buffer))
        {
            writer.Spec(spec);
        }
        return buffer.ToArray();
    }
}
