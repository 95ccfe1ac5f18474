using Ece.Conformance.Reports;

namespace Ece.Conformance.Tests.Reports;

// XMLUnit's behaviour is generic: a made-up document shows it as well as an answer of the API would.
public class BodyDiffTests
{
    private const string Document = """<?xml version="1.0" encoding="UTF-8"?><a:status xmlns:a="urn:example" open="yes" level="2"><a:note>kept</a:note><a:count>4</a:count></a:status>""";

    private static string Reprefixed(string xml) => xml.Replace("a:", "b:", StringComparison.Ordinal).Replace("xmlns:a", "xmlns:b", StringComparison.Ordinal);

    [Test]
    public void A_body_longer_than_a_report_keeps_is_not_compared_however_many_children_it_has()
    {
        // 200,000 children on each side (0.9 MB): XMLUnit's time grows with the square of them, minutes here.
        var wide = (string child) => "<r>" + string.Concat(Enumerable.Repeat(child, 200_000)) + "</r>";

        var change = BodyDiff.Compare(wide("<a/>"), wide("<b/>"));

        change!.Verdict.Should().Be(BodyVerdict.NotCompared);
        change.Note.Should().Contain($"longer than the {Ece.Conformance.Http.TargetClient.KeptCharacters} characters a report keeps");
    }

    [Test]
    public void A_body_as_long_as_a_report_keeps_is_compared()
    {
        var kept = (string child) => ("<r>" + string.Concat(Enumerable.Repeat(child, 2_000)))[..(Ece.Conformance.Http.TargetClient.KeptCharacters - 4)] + "</r>";

        BodyDiff.Compare(kept("<a/>"), kept("<b/>"))!.Verdict.Should().Be(BodyVerdict.Different);
    }

    [Test]
    public void The_same_text_is_no_change()
    {
        BodyDiff.Compare(Document, Document).Should().BeNull();
    }

    [Test]
    public void A_body_whose_namespace_prefix_changed_is_similar_and_names_the_prefixes()
    {
        var change = BodyDiff.Compare(Document, Reprefixed(Document));

        change!.Verdict.Should().Be(BodyVerdict.Similar);
        change.Differences.Should().NotBeEmpty().And.OnlyContain(d => d.Similar && d.Kind == "namespace prefix");
        change.Differences.Should().Contain(d => d.Before == "a" && d.After == "b");
    }

    [TestCase("""<?xml version="1.0" encoding="UTF-8"?>""", "")]
    [TestCase("""encoding="UTF-8"?>""", """encoding="ISO-8859-1"?>""")]
    [TestCase("""encoding="UTF-8"?>""", """encoding="UTF-8" standalone="yes"?>""")]
    public void A_body_whose_xml_declaration_changed_is_similar(string was, string @is)
    {
        var change = BodyDiff.Compare(Document, Document.Replace(was, @is, StringComparison.Ordinal));

        change!.Verdict.Should().Be(BodyVerdict.Similar);
        change.Differences.Should().NotBeEmpty().And.OnlyContain(d => d.Similar);
        change.Differences.Select(d => d.ToString()).Should().NotContain(d => d.Contains(" →  ", StringComparison.Ordinal), "an empty value is shown as \"\"");
    }

    [Test]
    public void A_body_whose_attributes_are_in_another_order_or_whose_whitespace_changed_is_similar_without_a_difference()
    {
        var reordered = Document.Replace("open=\"yes\" level=\"2\"", "level=\"2\" open=\"yes\"", StringComparison.Ordinal);
        var indented = Document.Replace("><a:", ">\n  <a:", StringComparison.Ordinal);

        BodyDiff.Compare(Document, reordered).Should().BeEquivalentTo(new BodyChange(BodyVerdict.Similar, []));
        BodyDiff.Compare(Document, indented).Should().BeEquivalentTo(new BodyChange(BodyVerdict.Similar, []));
    }

    [Test]
    public void A_changed_attribute_value_is_different_and_named_by_its_xpath()
    {
        var change = BodyDiff.Compare(Document, Document.Replace("open=\"yes\"", "open=\"no\"", StringComparison.Ordinal));

        change!.Verdict.Should().Be(BodyVerdict.Different);
        change.Differences.Should().ContainSingle().Which.Should().Be(
            new BodyDifference("attribute value", "/status[1]/@open", "/status[1]/@open", "yes", "no", Similar: false));
        change.Differences[0].ToString().Should().Be("/status[1]/@open: yes → no (attribute value)");
    }

    [Test]
    public void A_changed_text_beside_a_changed_prefix_makes_the_body_different()
    {
        var change = BodyDiff.Compare(Document, Reprefixed(Document).Replace(">4<", ">5<", StringComparison.Ordinal));

        change!.Verdict.Should().Be(BodyVerdict.Different);
        change.Differences.Should().Contain(d => !d.Similar && d.XPath == "/status[1]/count[1]/text()[1]" && d.Before == "4" && d.After == "5");
    }

    // XMLUnit's own default calls a new order of child elements similar; a client reading the first child would not.
    [Test]
    public void Child_elements_in_another_order_are_different()
    {
        var swapped = Document.Replace("<a:note>kept</a:note><a:count>4</a:count>", "<a:count>4</a:count><a:note>kept</a:note>", StringComparison.Ordinal);

        BodyDiff.Compare(Document, swapped)!.Verdict.Should().Be(BodyVerdict.Different);
    }

    [Test]
    public void A_body_that_is_not_xml_is_one_difference_and_no_exception()
    {
        var change = BodyDiff.Compare(Document, "Unable to retrieve <");

        change!.Verdict.Should().Be(BodyVerdict.Different);
        change.Differences.Should().ContainSingle().Which.After.Should().StartWith("not XML");
        BodyDiff.Compare("garbage", Document)!.Differences.Should().ContainSingle().Which.Before.Should().StartWith("not XML");
        BodyDiff.Compare("<a>", "<a>").Should().BeNull("the same text is no change, XML or not");
        BodyDiff.Compare("down", "broken")!.Differences.Should().ContainSingle().Which.Should().Match<BodyDifference>(d => d.Before == "not XML: down" && d.After == "not XML: broken");
    }

    [Test]
    public void A_body_with_a_dtd_is_not_read()
    {
        var change = BodyDiff.Compare(Document, """<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>""");

        change!.Differences.Should().ContainSingle().Which.After.Should().StartWith("not XML").And.Contain("DTD");
    }

    [Test]
    public void Past_the_kept_differences_the_rest_are_counted()
    {
        string Many(string value) => $"<r>{string.Concat(Enumerable.Range(0, BodyDiff.Kept + 5).Select(i => $"<v{i} x=\"{value}\"/>"))}</r>";

        var change = BodyDiff.Compare(Many("1"), Many("2"));

        change!.Differences.Should().HaveCount(BodyDiff.Kept);
        change.More.Should().Be(5);
    }

    [Test]
    public void A_body_nested_past_what_the_runner_loads_is_not_compared_node_by_node()
    {
        // A hostile target's answer, as much of it as its report keeps: XMLUnit walks a document recursively.
        var deep = string.Concat(Enumerable.Repeat("<a>", 500)) + string.Concat(Enumerable.Repeat("</a>", 500));
        deep.Length.Should().BeLessThanOrEqualTo(Ece.Conformance.Http.TargetClient.KeptCharacters);

        var change = BodyDiff.Compare(Document, deep);

        change!.Verdict.Should().Be(BodyVerdict.NotCompared);
        change.Note.Should().Contain("nested");
    }
}

