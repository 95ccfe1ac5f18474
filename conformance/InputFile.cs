namespace Ece.Conformance;

/// <summary>A file the user names (a baseline, a report to compare), read with a bound on its size.</summary>
internal static class InputFile
{
    /// <summary>At most <paramref name="max"/> bytes of <paramref name="path"/>; a longer file is a UsageException that
    /// names <paramref name="what"/>. Counted while reading, never asked of the file: a device (/dev/zero) or a pipe has
    /// no length, and /dev/zero as a baseline took the memory of the machine before this.</summary>
    /// <exception cref="IOException">The file cannot be read; the caller says which option named it.</exception>
    public static byte[] Read(string path, int max, string what)
    {
        using var reading = InputWait.Enter($"{char.ToLowerInvariant(what[0])}{what[1..]} {path}");
        if (Directory.Exists(path))
        {
            throw new IOException("it is a folder"); // opening one says "access denied", which sends the user to its permissions
        }
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            if (bytes.Length + read > max)
            {
                throw new UsageException($"{what} {path} is over {max >> 20} MiB: not a file of this tool.");
            }
            bytes.Write(buffer, 0, read);
        }
        return bytes.ToArray();
    }

    /// <summary>As <see cref="Read"/>, as text: a byte order mark (UTF-8, as Windows editors and PowerShell write it, or
    /// UTF-16) says the encoding and is not part of the text; UTF-8 without one.</summary>
    public static string ReadText(string path, int max, string what)
    {
        using var reader = new StreamReader(new MemoryStream(Read(path, max, what)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
