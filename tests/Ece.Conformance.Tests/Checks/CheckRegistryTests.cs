using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Tests.Checks;

public class CheckRegistryTests
{
    [Test]
    public void Every_rule_has_an_implemented_check_and_every_check_serves_a_rule()
    {
        var used = EceSpec.Default.Rules.Rules.Where(r => !r.IsClient).Select(r => r.Check).ToHashSet();
        var client = EceSpec.Default.Rules.Rules.Where(r => r.IsClient).Select(r => r.Check).ToHashSet();

        used.Should().BeSubsetOf(CheckRegistry.Kinds.Keys);
        CheckRegistry.Kinds.Keys.Should().BeSubsetOf(used, "a check no rule names is dead code");
        client.Should().BeEquivalentTo(Ece.Conformance.Button.ButtonJudge.Kinds.Keys, "the client rules are the button command's, one check each");
    }

    [Test]
    public void Rules_judged_per_entry_point_compare_operations_and_name_two_or_more()
    {
        foreach (var rule in EceSpec.Default.Rules.Rules.Where(r => !r.IsClient && CheckRegistry.Kinds[r.Check].Scope == CheckScope.EntryPoint))
        {
            rule.Operations.Should().HaveCountGreaterThanOrEqualTo(2, rule.Id);
        }
    }
}
