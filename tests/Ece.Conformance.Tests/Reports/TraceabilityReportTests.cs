using Ece.Conformance.Commands;
using Ece.Conformance.Reports;
using Ece.Conformance.Tests.Running;
using Ece.Spec;

namespace Ece.Conformance.Tests.Reports;

/// <summary>spec/traceability.md is what the product's `traceability` command renders from the spec and the
/// runner's check registry, and every MUST rule on an answer has a broken server that fails it.</summary>
public class TraceabilityReportTests
{
    [Test]
    public void The_committed_traceability_table_is_the_one_the_traceability_command_prints()
    {
        using var output = new StringWriter();

        TraceabilityCommand.Execute(write: false, output).Should().Be(0);

        File.ReadAllText(RepositoryFiles.Path("spec", "traceability.md")).Should().Be(output.ToString(),
            "spec/traceability.md is generated: run ./run-conformance.sh traceability --write");
    }

    [Test]
    public void Every_rule_and_every_erratum_appears_in_the_table_with_the_method_that_checks_it()
    {
        var table = TraceabilityReport.Render(EceSpec.Default);

        EceSpec.Default.Rules.Rules.Should().OnlyContain(r => table.Contains($"| {r.Id} |"));
        EceSpec.Default.Errata.Should().OnlyContain(e => table.Contains($"Erratum {e.Id}:"));
        table.Should().Contain("`status`: AnswerChecks.Status").And.Contain("`cors-preflight`: ClientChecks.CorsPreflight");
    }

    [Test]
    public void Every_must_rule_on_an_answer_is_failed_by_a_broken_server()
    {
        var broken = BrokenServerTests.Cases().SelectMany(c => c.FailedMust).ToHashSet();

        // Client rules (scope client) are failed by the broken pages of ButtonRunTests instead.
        EceSpec.Default.Rules.Rules.Where(r => r.Level == RuleLevel.Must && !r.IsClient && r.Operations.All(o => o != "survey"))
            .Select(r => r.Id).Should().OnlyContain(id => broken.Contains(id));
    }
}
