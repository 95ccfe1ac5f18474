namespace Ece.Spec.Tests;

/// <summary>Files of spec/ that are not embedded (they describe the spec rather than being it).</summary>
public static class SpecResourcesOnDisk
{
    public static string SpecDirectory => RepositoryFiles.Path("spec");

    public static IReadOnlyList<string> Lines(string name) =>
        File.ReadAllLines(Path.Combine(SpecDirectory, name)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
