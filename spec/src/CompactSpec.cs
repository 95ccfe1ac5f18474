namespace Ece.Spec;

/// <summary>The spec model in a compact form (binary, CompactWriter and CompactReader), cached after the first
/// read: parsing the YAML with Microsoft.OpenApi and YamlDotNet costs a run ~150 ms, reading this form a few.
/// The file is named after this assembly's module version id, which changes whenever an embedded spec file does, so a
/// rebuilt spec is never read from an older form. The form is sealed by a checksum of its bytes: a form damaged on disk
/// (a byte flipped in a rule's text, say) would otherwise read as a model that is not the spec and change verdicts
/// without a sign. A form that does not read or does not match its checksum is parsed again and replaced; the folder
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

    /// <summary>The largest form read: the spec's is a few hundred KB; a bigger file in its place is not one.</summary>
    internal const int MaxFormBytes = 16 << 20;

    /// <summary>Bytes of the checksum before the model: FNV-1a, 64 bits, of the rest of the file.</summary>
    private const int SealBytes = sizeof(ulong);

    internal static EceSpec? TryRead(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            if (stream.Length is < SealBytes or > MaxFormBytes)
            {
                return null;
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            if (BitConverter.ToUInt64(bytes, 0) != Checksum(bytes.AsSpan(SealBytes)))
            {
                return null; // damaged, or not a form: parsed again
            }
            using var reader = new CompactReader(new MemoryStream(bytes, SealBytes, bytes.Length - SealBytes, writable: false));
            return reader.Spec();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            return null; // absent, unreadable or of another layout: parsed again
        }
    }

    /// <summary>FNV-1a, 64 bits: catches a damaged form at a fraction of a millisecond, without loading a crypto library
    /// (the native runner would load OpenSSL for a SHA-256).</summary>
    internal static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
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

    /// <summary>The form as written to disk: the checksum, then the model.</summary>
    internal static byte[] Serialize(EceSpec spec)
    {
        using var buffer = new MemoryStream();
        buffer.Write(new byte[SealBytes]);
        using (var writer = new CompactWriter(buffer))
        {
            writer.Spec(spec);
        }
        var bytes = buffer.ToArray();
        BitConverter.TryWriteBytes(bytes, Checksum(bytes.AsSpan(SealBytes)));
        return bytes;
    }
}
