namespace Ece.Spec.Tests;

public class RuleCatalogueTests
{
    private static readonly RuleCatalogue Catalogue = EceSpec.Default.Rules;

    private static IEnumerable<Rule> AllRules => EceSpec.Default.Rules.Rules;

    [Test]
    public void Every_rule_id_ever_published_is_still_in_the_catalogue_and_no_new_id_is_unlisted()
    {
        // rule-ids.txt is append-only: an id, once published, keeps its meaning for every report that cites it.
        var published = SpecResourcesOnDisk.Lines("rule-ids.txt");
        Catalogue.Rules.Select(r => r.Id).Should().BeEquivalentTo(published);
    }

    [TestCaseSource(nameof(AllRules))]
    public void Each_rule_quotes_the_french_record_verbatim(Rule rule)
    {
        SourceDocument.Normalize(SourceDocument.French).Should().Contain(SourceDocument.Normalize(rule.Source.Fr), rule.Id);
    }

    [TestCaseSource(nameof(AllRules))]
    public void Each_rule_quotes_the_english_rendering_verbatim(Rule rule)
    {
        SourceDocument.Normalize(SourceDocument.English).Should().Contain(SourceDocument.Normalize(rule.Source.En), rule.Id);
    }

    [TestCaseSource(nameof(AllRules))]
    public void Each_rule_names_a_section_that_exists_in_both_copies(Rule rule)
    {
        SourceDocument.Headings(SourceDocument.French).Select(SourceDocument.Normalize).Should().Contain(rule.Source.Section.Fr, rule.Id);
        SourceDocument.Headings(SourceDocument.English).Should().Contain(rule.Source.Section.En, rule.Id);
    }

    [Test]
    public void A_derived_rule_that_does_not_say_why_is_refused()
    {
        // The first reasoning of the file is ECE-GN-003's; the refusal names the rule so its author can find it.
        var yaml = SpecResources.ReadText("rules.yaml");
        var reasoning = yaml.IndexOf("    reasoning: ", StringComparison.Ordinal);
        yaml = yaml.Remove(reasoning, yaml.IndexOf('\n', reasoning) - reasoning + 1);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("*ECE-GN-003: a derived rule needs its reasoning*");
    }

    [Test]
    public void The_rules_the_source_implies_are_in_the_catalogue_as_derived()
    {
        Catalogue.Rules.Where(r => r.IsDerived).Select(r => r.Check).Should()
            .Contain(["reason-when-refused", "root", "child-namespace", "child-prefix"]);
    }

    [Test]
    public void Every_get_operation_has_must_rules_and_every_field_of_its_answer_is_checked()
    {
        foreach (var op in EceSpec.Default.ReadOnlyOperations)
        {
            Catalogue.For(op.Id).Should().Contain(r => r.Level == RuleLevel.Must, op.Id);
            var checkedFields = Catalogue.For(op.Id).Where(r => r.Check == "field").Select(r => r.Target);
            checkedFields.Should().BeEquivalentTo(op.Response!.Fields.Select(f => f.Name), op.Id);
        }
    }

    [Test]
    public void A_catalogue_with_a_rule_without_source_is_refused()
    {
        var yaml = SpecResources.ReadText("rules.yaml").Replace("      fr: \"500 : Impossible de récupérer les informations de disponibilité de l'agent.\"\n", "", StringComparison.Ordinal);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("*ECE-GN-002: a rule needs its source*");
    }

    [Test]
    public void A_catalogue_with_a_misspelt_key_is_refused_with_its_place()
    {
        var yaml = SpecResources.ReadText("rules.yaml").Replace("    requirement: The status code", "    requirment: The status code", StringComparison.Ordinal);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("rules.yaml (*requirment*");
    }

    [Test]
    public void A_catalogue_with_a_duplicate_id_or_an_unknown_operation_is_refused()
    {
        var yaml = SpecResources.ReadText("rules.yaml")
            .Replace("id: ECE-GN-002", "id: ECE-GN-001", StringComparison.Ordinal)
            .Replace("scope: capacity\n", "scope: capacityy\n", StringComparison.Ordinal);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("*ECE-GN-001: id used 2 times*").WithMessage("*unknown operation capacityy*");
    }

    [Test]
    public void A_must_the_source_does_not_state_without_the_client_that_breaks_is_refused()
    {
        var yaml = SpecResources.ReadText("rules.yaml").Replace("    client: OVH's ng-ovh-chatbot", "    note: OVH's ng-ovh-chatbot", StringComparison.Ordinal);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("*ECE-JS-003: a MUST the source does not state names the client that breaks otherwise*");
    }

    [Test]
    public void A_rule_citing_evidence_that_observed_yaml_lacks_is_refused()
    {
        var yaml = SpecResources.ReadText("rules.yaml").Replace("evidence: [OBS-09]", "evidence: [OBS-99]", StringComparison.Ordinal);

        var act = () => RuleCatalogueLoader.Parse(yaml);

        act.Should().Throw<SpecException>().WithMessage("*ECE-GN-015: evidence OBS-99 is not in observed.yaml*");
    }

    [Test]
    public void Every_must_is_stated_by_the_source_or_names_the_client_that_breaks_without_it()
    {
        Catalogue.Rules.Where(r => r.Level == RuleLevel.Must && r.Provenance != "source")
            .Should().OnlyContain(r => !string.IsNullOrWhiteSpace(r.Client) && r.LevelReason.Contains(r.Client!, StringComparison.Ordinal));
    }
}
