using Ece.ReferenceServer.Scenarios;
using Ece.Spec;

namespace Ece.Conformance.Tests.Running;

/// <summary>The reference server is conformant in every scenario, as the runner sees it.</summary>
public class ReferenceServerRunTests
{
    private static IEnumerable<string> Scenarios => ScenarioCatalog.Names.Where(n => n != "data-unavailable");

    [TestCaseSource(nameof(Scenarios))]
    public async Task Every_must_rule_passes_against_the_reference_server_in_every_scenario(string scenario)
    {
        var run = await Runner.RunAsync(null, o => o with { Scenario = scenario });

        run.Failed(RuleLevel.Must).Should().BeEmpty(run.Console);
        run.Failed(RuleLevel.Should).Should().BeEmpty(run.Console);
        run.Result.Findings.Should().NotContain(f => f.Outcome == Ece.Conformance.Checks.Outcome.Untestable, run.Console);
        run.Verdict.ExitCode.Should().Be(0);
        run.Result.Target.Should().BeOfType<Ece.Conformance.Running.RunTarget>().Which.Embedded.Should().BeTrue();
    }

    [Test]
    public async Task Data_that_cannot_be_retrieved_is_could_not_test_not_conformant()
    {
        var run = await Runner.RunAsync(null, o => o with { Scenario = "data-unavailable" });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("could not be judged");
    }

    [Test]
    public async Task Several_entry_points_are_each_checked()
    {
        var run = await Runner.RunAsync(null, o => o with { Checks = o.Checks with { EntryPoints = ["1000", "1001"] } });

        run.Result.Findings.Where(f => f.Rule.Id == "ECE-GN-001").Select(f => f.EntryPoint).Distinct().Should().BeEquivalentTo(["1000", "1001"]);
        run.Verdict.ExitCode.Should().Be(0, run.Console);
    }
}
