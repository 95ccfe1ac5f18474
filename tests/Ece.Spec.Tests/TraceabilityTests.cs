namespace Ece.Spec.Tests;

public class TraceabilityTests
{
    [Test]
    public void The_committed_traceability_table_is_the_one_the_catalogue_generates()
    {
        var path = Path.Combine(SpecResourcesOnDisk.SpecDirectory, "traceability.md");
        var generated = Traceability.Render(EceSpec.Default);
        if (Environment.GetEnvironmentVariable("ECE_WRITE_TRACEABILITY") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).Should().Be(generated, "spec/traceability.md is generated: see its header to regenerate it");
    }

    [Test]
    public void Every_rule_and_every_erratum_appears_in_the_table()
    {
        var table = Traceability.Render(EceSpec.Default);

        EceSpec.Default.Rules.Rules.Should().OnlyContain(r => table.Contains($"| {r.Id} |"));
        EceSpec.Default.Errata.Should().OnlyContain(e => table.Contains($"Erratum {e.Id}:"));
    }
}
