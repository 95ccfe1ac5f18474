namespace Ece.Tests;

/// <summary>Files of the repository the tests read as a user would (spec/, conformance/…), found by walking up from
/// the test binaries to EceConformance.sln. Linked into every test project by tests/Directory.Build.props.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EceConformance.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("EceConformance.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The product's sources the architecture tests read: the runner, the reference server, the spec model.</summary>
    public static readonly IReadOnlyList<string> ProductFolders = ["conformance", "reference-server", "spec/src"];

    /// <summary>The C# files under <paramref name="folders"/> of <paramref name="root"/>, build output left out, as paths
    /// relative to the root with forward slashes, in ordinal order.</summary>
    public static IEnumerable<string> Sources(string root, IEnumerable<string> folders) =>
        folders.Select(f => System.IO.Path.Combine(root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
