using Ece.Conformance.Checks;
using Ece.Conformance.Reports;
using Ece.ReferenceServer;
using Ece.Spec;

namespace Ece.Conformance.Tests.Tools;

/// <summary>The tool profile (spec/dist) in the real tools a user reaches for, pinned and installed into .tools by
/// run-tests.sh: Redocly and Spectral lint it, Redocly builds offline docs, Kiota generates a client that talks to
/// the reference server, and Prism mocks the API well enough for the runner, but for what a static mock cannot do.</summary>
[NonParallelizable]
public class SpecToolsTests
{
    private static readonly string Profile = RepositoryFiles.Path("spec", "dist", "openapi.bundle.yaml");

    private static string Tool(string name) =>
        name == "kiota" ? RepositoryFiles.Path(".tools", "kiota", "kiota") : RepositoryFiles.Path(".tools", "npm", "node_modules", ".bin", name);

    [Test]
    public async Task Redocly_finds_no_error_and_only_the_warnings_the_readme_justifies()
    {
        var (exit, output) = await Processes.RunAsync(Tool("redocly"), ["lint", Profile, "--format=summary"], TimeSpan.FromMinutes(2));

        exit.Should().Be(0, output);
        var warnings = output.Split('\n').Where(l => l.StartsWith("warning ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1].TrimEnd(':')).ToList();
        warnings.Should().BeSubsetOf(["no-invalid-media-type-examples", "no-server-example.com"], output);
        output.Should().NotContain("error ");
    }

    [Test]
    public async Task Spectral_finds_no_error()
    {
        var (exit, output) = await Processes.RunAsync(Tool("spectral"), ["lint", Profile, "--ruleset", RepositoryFiles.Path("spec", ".spectral.yaml"), "--fail-severity", "error"], TimeSpan.FromMinutes(2));

        exit.Should().Be(0, output);
    }

    [Test]
    public async Task Redocly_builds_one_offline_html_file_of_the_docs()
    {
        var html = Path.Combine(Directory.CreateTempSubdirectory("ece-docs").FullName, "ece-api.html");

        var (exit, output) = await Processes.RunAsync(Tool("redocly"), ["build-docs", Profile, "--output", html], TimeSpan.FromMinutes(2));

        exit.Should().Be(0, output);
        var text = await File.ReadAllTextAsync(html);
        text.Should().Contain(EceSpec.Default.Title).And.Contain("queue_depth_reached");
        text.Should().NotContainAny(["<script src=\"http", "<link href=\"http"], "the docs open without a network");
    }

    [Test]
    public async Task Kiota_generates_a_client_with_a_reason_enum_that_reads_every_answer_of_the_reference_server()
    {
        var dir = Directory.CreateTempSubdirectory("ece-kiota").FullName;
        var (generated, log) = await Processes.RunAsync(Tool("kiota"), ["generate", "-l", "CSharp", "-d", Profile, "-o", Path.Combine(dir, "Client"), "-n", "Ece.Client", "-c", "EceClient", "--log-level", "Error"], TimeSpan.FromMinutes(2));
        generated.Should().Be(0, log);
        (await File.ReadAllTextAsync(Path.Combine(dir, "Client", "Models", "Reason.cs"))).Should().Contain("public enum Reason").And.Contain("\"queue_depth_reached\"");
        var template = RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Tools", "KiotaClient");
        File.Copy(Path.Combine(template, "KiotaClient.csproj.txt"), Path.Combine(dir, "KiotaClient.csproj"));
        File.Copy(Path.Combine(template, "Program.cs.txt"), Path.Combine(dir, "Program.cs"));
        var (built, buildLog) = await Processes.RunAsync("dotnet", ["build", dir, "-c", "Release", "-o", Path.Combine(dir, "out"), "--nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
        built.Should().Be(0, buildLog);
        await using var server = await LoopbackApp.ReferenceServerAsync("default", TimeProvider.System);

        var (exit, output) = await Processes.RunAsync("dotnet", [Path.Combine(dir, "out", "KiotaClient.dll"), server.Url + EceSpec.Default.DefaultBasePath.TrimStart('/'), "1000"], TimeSpan.FromMinutes(1));

        exit.Should().Be(0, output);
        output.Should().Contain("agentAvailability: True").And.Contain("checkEligibility: 0").And.Contain("chatAllowed: True")
            .And.Contain("chatAllowed unknown: False Invalid_entry_point").And.Contain("survey: sent");
    }

    /// <summary>What a static mock cannot do, each listed in the README: a state (an unknown entry point answered as
    /// such), an id beyond JavaScript's safe integers (Prism answers 422), and XML request bodies (Prism reads XML
    /// into JSON, so a survey's attribute and repeated element fail its validation: 400).</summary>
    private static readonly Dictionary<string, Result> s_staticMockCannot = new()
    {
        ["ECE-CA-005"] = Result.Failed,
        ["ECE-GN-011"] = Result.NotJudged,
        ["ECE-SV-001"] = Result.Failed,
        ["ECE-SV-002"] = Result.Warning,
        ["ECE-SV-003"] = Result.Warning,
    };

    [Test]
    public async Task A_prism_mock_of_the_tool_profile_passes_every_rule_a_static_mock_can_satisfy()
    {
        Runner.Outcome? run = null;

        // Port 0: Prism binds a free port itself and says which, so nothing can take it in between.
        var (_, log) = await Processes.RunAsync(Tool("prism"), ["mock", "-h", "127.0.0.1", "-p", "0", Profile],
            TimeSpan.FromMinutes(3), after: "Prism is listening", whileRunning: async (prism, listening) =>
            {
                try
                {
                    var port = System.Text.RegularExpressions.Regex.Match(listening, @"http://127\.0\.0\.1:(\d+)").Groups[1].Value;
                    run = await Runner.RunAsync(new Uri($"http://127.0.0.1:{port}/"), o => o with { Checks = o.Checks with { BasePath = "", AllowWrites = true } });
                }
                finally
                {
                    prism.Kill(entireProcessTree: true);
                }
            });

        run.Should().NotBeNull(log);
        var notPassing = run!.Result.Findings.Where(f => f.Rule.Level != RuleLevel.May && Verdicts.NotPassing(Verdicts.ResultOf(f)))
            .GroupBy(f => f.Rule.Id).ToDictionary(g => g.Key, g => g.Min(Verdicts.ResultOf));
        notPassing.Should().BeEquivalentTo(s_staticMockCannot, run.Console);
    }
}
