namespace Ece.Conformance.Commands;

/// <summary>Files the product generates into the repository (traceability, the tool profile): printed, or with
/// --write written over the committed ones, from the repository's root. Tests compare the committed files with them.</summary>
internal static class GeneratedFiles
{
    /// <param name="files">Repository-relative path and text; the first is what is printed without --write.</param>
    public static int Execute(bool write, TextWriter output, IReadOnlyList<(string Path, string Text)> files)
    {
        if (!write)
        {
            output.Write(files[0].Text);
            return 0;
        }
        if (!File.Exists(Path.Combine("spec", "openapi.yaml")))
        {
            Console.Error.WriteLine($"error: --write writes {string.Join(", ", files.Select(f => f.Path))}: run it from the repository's root.");
            return 2;
        }
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            output.WriteLine($"wrote {path}");
        }
        return 0;
    }
}
