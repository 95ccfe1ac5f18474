using Ece.Conformance.Reports;

namespace Ece.Conformance.Tests.Distribution;

/// <summary>The runner as vendors install it: dotnet pack, then dotnet tool install from the local folder.</summary>
public class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Test]
    public async Task The_packed_tool_installs_from_a_local_folder_and_checks_the_embedded_default()
    {
        var root = RepositoryFiles.Root;
        var work = Directory.CreateTempSubdirectory("ece-tool-").FullName;

        var (pack, packOutput) = await Run("dotnet", "pack", Path.Combine(root, "conformance", "Ece.Conformance.csproj"), "-c", Configuration, "--no-build", "-o", Path.Combine(work, "nupkg"), "--nologo");
        pack.Should().Be(0, packOutput);
        var (install, installOutput) = await Run("dotnet", "tool", "install", "ece-conformance", "--tool-path", Path.Combine(work, "tools"), "--add-source", Path.Combine(work, "nupkg"));
        install.Should().Be(0, installOutput);
        var (exit, output) = await Run(Path.Combine(work, "tools", "ece-conformance"), "--report-dir", Path.Combine(work, "report"), "--format", "console,json");

        exit.Should().Be(0, output);
        JsonReport.Read(Path.Combine(work, "report", "report.json")).Verdict.Verdict.Should().Be("CONFORMANT");
    }


    private static Task<(int Exit, string Output)> Run(string file, params string[] args) => Processes.RunAsync(file, args, TimeSpan.FromMinutes(3));
}
