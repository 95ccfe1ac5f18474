using Ece.Conformance.Tests.Running;
using Ece.Spec;

namespace Ece.Conformance.Tests;

/// <summary>spec/traceability.md: generated from the catalogue and from the test servers that cover each rule.</summary>
public class TraceabilityTests
{
    private static Dictionary<string, string> Coverage() => EceSpec.Default.Rules.Rules.ToDictionary(r => r.Id, r => string.Join("; ",
        BrokenServerTests.Cases().Where(c => c.FailedMust.Contains(r.Id)).Select(c => $"broken: {c.Name}")
            .Concat(UnusualServerTests.Cases().Where(c => c.Warnings.Contains(r.Id)).Select(c => $"warns: {c.Name}"))));

    [Test]
    public void The_committed_traceability_table_is_the_one_the_catalogue_and_the_tests_generate()
    {
        var path = RepositoryFiles.Path("spec", "traceability.md");
        var generated = Traceability.Render(EceSpec.Default, Coverage());
        if (Environment.GetEnvironmentVariable("ECE_WRITE_TRACEABILITY") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated, "spec/traceability.md is generated: see its header to regenerate it");
    }

    [Test]
    public void Every_rule_and_every_erratum_appears_in_the_table()
    {
        var table = Traceability.Render(EceSpec.Default, Coverage());

        EceSpec.Default.Rules.Rules.Should().OnlyContain(r => table.Contains($"| {r.Id} |"));
        EceSpec.Default.Errata.Should().OnlyContain(e => table.Contains($"Erratum {e.Id}:"));
    }

    [Test]
    public void Every_must_rule_on_an_answer_is_covered_by_a_server_that_breaks_it()
    {
        var coverage = Coverage();

        EceSpec.Default.Rules.Rules.Where(r => r.Level == RuleLevel.Must && r.Operations.All(o => o != "survey"))
            .Should().OnlyContain(r => coverage[r.Id].Contains("broken: "));
    }
}
