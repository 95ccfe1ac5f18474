namespace Ece.Spec.Tests;

public class FieldTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    private static Field Reason => Spec.Operations.SelectMany(o => o.Response?.Fields ?? []).Single(f => f.IsEnum && f.Type == FieldType.Text);

    private static Field ResponseType => Spec.Operations.SelectMany(o => o.Response?.Fields ?? []).Single(f => f.IsEnum && f.Type != FieldType.Text);

    [Test]
    public void An_enumeration_resolves_to_nothing_when_no_condition_holds_and_it_has_no_default()
    {
        Reason.Resolve(new HashSet<string>()).Should().BeNull();
    }

    [Test]
    public void An_enumeration_resolves_to_its_default_member_when_no_condition_holds()
    {
        ResponseType.Resolve(new HashSet<string>())!.When.Should().BeEmpty();
    }

    [Test]
    public void When_several_conditions_hold_the_first_in_precedence_wins()
    {
        var all = Spec.Conditions.Keys.ToHashSet();
        Reason.Resolve(all)!.Value.Should().Be(Reason.Precedence[0]);

        var withoutFirst = all.Except(Reason.Members.Single(m => m.Value == Reason.Precedence[0]).When).ToHashSet();
        Reason.Resolve(withoutFirst)!.Value.Should().Be(Reason.Precedence[1]);
    }

    [Test]
    public void Every_condition_selects_the_member_whose_when_names_it()
    {
        foreach (var member in Reason.Members)
        {
            Reason.Resolve(member.When.ToHashSet())!.Value.Should().Be(member.Value);
        }
    }

    [TestCase(FieldType.Boolean, "true", true)]
    [TestCase(FieldType.Boolean, " 0 ", true)]
    [TestCase(FieldType.Boolean, "True", false)]
    [TestCase(FieldType.Boolean, "yes", false)]
    [TestCase(FieldType.NonNegativeInteger, "4", true)]
    [TestCase(FieldType.NonNegativeInteger, "+4", true)]
    [TestCase(FieldType.NonNegativeInteger, "-1", false)]
    [TestCase(FieldType.NonNegativeInteger, "4.0", false)]
    [TestCase(FieldType.NonNegativeInteger, "", false)]
    [TestCase(FieldType.NonNegativeDecimal, "3.0", true)]
    [TestCase(FieldType.NonNegativeDecimal, ".5", true)]
    [TestCase(FieldType.NonNegativeDecimal, "3.", true)]
    [TestCase(FieldType.NonNegativeDecimal, "-0.0", true)]
    [TestCase(FieldType.NonNegativeDecimal, "-0.5", false)]
    [TestCase(FieldType.NonNegativeDecimal, "1.0E-4", false)]
    [TestCase(FieldType.NonNegativeDecimal, "NaN", false)]
    public void Lexical_values_follow_the_xsd_types(FieldType type, string value, bool valid)
    {
        Lexical.IsValid(type, value).Should().Be(valid);
    }

    [Test]
    public void An_enumeration_accepts_only_its_values_and_integer_ones_ignore_surrounding_space()
    {
        ResponseType.Accepts(" 2 ").Should().BeTrue();
        ResponseType.Accepts("3").Should().BeFalse();
        Reason.Accepts("queue_depth_reached").Should().BeTrue();
        Reason.Accepts("queue_depth_reaché").Should().BeFalse();
        Reason.Accepts(" other").Should().BeFalse("xs:string keeps its white space");
    }

    [Test]
    public void Values_are_formatted_as_jaxb_writes_them()
    {
        Lexical.Format(true).Should().Be("true");
        Lexical.Format(3m).Should().Be("3.0");
        Lexical.Format(2.25m).Should().Be("2.25");
        Lexical.Format(4).Should().Be("4");
    }
}
