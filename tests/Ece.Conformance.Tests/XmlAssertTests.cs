namespace Ece.Conformance.Tests;

// XmlAssert lives in tests/Shared, linked into every test project; it is tested once, here.
public class XmlAssertTests
{
    private const string Document = """<?xml version="1.0" encoding="UTF-8"?><a:status xmlns:a="urn:example" open="yes" level="2"><a:note>kept</a:note><a:count>4</a:count></a:status>""";

    [Test]
    public void Another_prefix_declaration_attribute_order_or_indentation_is_the_same_document()
    {
        var written = """
            <b:status level="2" open="yes" xmlns:b="urn:example">
              <b:note>kept</b:note>
              <b:count>4</b:count>
            </b:status>
            """;

        XmlAssert.SameDocument(Document, written);
    }

    [TestCase("open=\"yes\"", "open=\"no\"", "/status[1]/@open: yes → no (attribute value)")]
    [TestCase(">4<", ">5<", "/status[1]/count[1]/text()[1]: 4 → 5 (text value)")]
    [TestCase("urn:example", "urn:other", "/status[1]: urn:example:status → (absent) (child)")]
    [TestCase("<a:note>kept</a:note><a:count>4</a:count>", "<a:count>4</a:count><a:note>kept</a:note>", "child nodelist sequence")]
    public void A_changed_value_or_order_is_another_document_and_the_failure_names_it_by_its_xpath(string from, string to, string said)
    {
        var check = () => XmlAssert.SameDocument(Document, Document.Replace(from, to, StringComparison.Ordinal));

        check.Should().Throw<AssertionException>().WithMessage($"*{said}*");
    }
}
