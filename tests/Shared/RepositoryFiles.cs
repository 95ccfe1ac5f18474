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
}
