namespace Ece.Conformance;

/// <summary>A file the user names (a baseline, a report to compare, a targets file), opened and read with a bound.</summary>
internal static class InputFile
{
    /// <summary>Opens <paramref name="path"/> to read; a folder is said to be one (opening it says "access denied",
    /// which sends the user to its permissions).</summary>
    /// <exception cref="IOException">The file cannot be read; the caller says which option named it.</exception>
    public static FileStream Open(string path) => Directory.Exists(path)
        ? throw new IOException("it is a folder")
        : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>At most <paramref name="max"/> bytes of <paramref name="path"/> as UTF-8, what a JSON reader takes
    /// without a copy: a byte order mark (UTF-8, as Windows editors and PowerShell write it, or UTF-16) says the
    /// encoding and is not part of the text; UTF-8 without one. A longer file is a UsageException that names the
    /// <paramref name="what"/> (baseline, report). The bytes are counted while read, never asked of the file: a device
    /// (/dev/zero) or a pipe has no length, and /dev/zero as a baseline took the memory of the machine before this.</summary>
    /// <exception cref="IOException">The file cannot be read; the caller says which option named it.</exception>
    public static ReadOnlyMemory<byte> ReadUtf8(string path, int max, string what)
    {
        using var reading = InputWait.Enter($"the {what} {path}");
        using var file = Open(path);
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (bytes.Length + read > max)
            {
                throw new UsageException($"The {what} {path} is over {max >> 20} MiB: not a file of this tool.");
            }
            bytes.Write(buffer, 0, read);
        }
        var all = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
        var utf8 = System.Text.Encoding.UTF8.Preamble;
        return all.Span.StartsWith(utf8) ? all[utf8.Length..]
            // UTF-16, either order: decoded and encoded again (a whole string only here, where the file chose it).
            : all.Span.StartsWith(System.Text.Encoding.Unicode.Preamble) || all.Span.StartsWith(System.Text.Encoding.BigEndianUnicode.Preamble)
                ? System.Text.Encoding.UTF8.GetBytes(new StreamReader(new MemoryStream(all.ToArray()), detectEncodingFromByteOrderMarks: true).ReadToEnd())
            : all;
    }
}
