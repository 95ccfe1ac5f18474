namespace Ece.Spec.Tests;

/// <summary>Files of spec/ that are not embedded (they describe the spec rather than being it).</summary>
public static class SpecResourcesOnDisk
{
    public static string SpecDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "spec", "openapi.yaml")))
                {
                    return Path.Combine(dir.FullName, "spec");
                }
            }
            throw new InvalidOperationException("spec/ not found above " + AppContext.BaseDirectory);
        }
    }

    public static IReadOnlyList<string> Lines(string name) =>
        File.ReadAllLines(Path.Combine(SpecDirectory, name)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
