namespace Ece.Spec.Tests;

/// <summary>observed.yaml is read whole only when something asks for it; the rules' citations are checked against
/// its ids, read without a YAML parser at start-up. The two readings must agree.</summary>
public class EvidenceTests
{
    [Test]
    public void The_ids_read_at_start_up_are_the_ids_of_the_parsed_observations()
    {
        var yaml = SpecResources.ReadText("observed.yaml");

        Evidence.Ids(yaml).Should().BeEquivalentTo(Evidence.Parse(yaml).Select(e => e.Id));
    }

    [Test]
    public void An_id_that_is_not_an_observations_id_line_is_not_read_as_one()
    {
        Evidence.Ids("observations:\n  - id: OBS-01\n    note: see - id: OBS-99 elsewhere\n  - id: OBS-02\n").Should().BeEquivalentTo(["OBS-01", "OBS-02"]);
    }
}
