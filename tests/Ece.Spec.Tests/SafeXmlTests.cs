using System.Text;
using Ece.Spec;

namespace Ece.Spec.Tests;

/// <summary>Bodies are judged from their bytes, by the parser: never from text decoded with replacement characters,
/// never by searching the text.</summary>
public class SafeXmlTests
{
    [Test]
    public void A_byte_sequence_that_is_not_utf8_is_an_error_with_its_position()
    {
        byte[] body = [.. "<a x=\""u8, 0xC3, 0x28, .. "\"/>"u8];

        var reading = SafeXml.Read(body);

        reading.Document.Should().BeNull();
        reading.Error.Should().Contain("position");
        reading.HasDoctype.Should().BeFalse();
    }

    [Test]
    public void The_same_text_in_valid_utf8_is_read()
    {
        SafeXml.Read("<a x=\"é\"/>"u8.ToArray()).Document!.Root!.Attribute("x")!.Value.Should().Be("é");
    }

    [Test]
    public void A_doctype_in_a_comment_is_no_dtd()
    {
        var reading = SafeXml.Read("<!-- <!DOCTYPE a> --><a/>"u8.ToArray());

        reading.Document.Should().NotBeNull();
        reading.HasDoctype.Should().BeFalse();
    }

    [TestCase("<!DOCTYPE a><a/>")]
    [TestCase("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"aaaaaaaaaa\"><!ENTITY y \"&x;&x;\">]><a b=\"&y;\"/>")]
    [TestCase("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")]
    public void A_dtd_is_found_by_the_parser_and_never_processed(string body)
    {
        var reading = SafeXml.Read(Encoding.UTF8.GetBytes(body));

        reading.Document.Should().BeNull();
        reading.HasDoctype.Should().BeTrue();
    }

    [Test]
    public void Malformed_xml_without_a_dtd_is_not_called_a_dtd()
    {
        SafeXml.Read("<a><b></a>"u8.ToArray()).HasDoctype.Should().BeFalse();
    }

    [Test]
    public void A_content_type_charset_decides_how_the_bytes_are_read()
    {
        var latin1 = Encoding.Latin1.GetBytes("<a x=\"é\"/>");

        SafeXml.Read(latin1, "ISO-8859-1").Document!.Root!.Attribute("x")!.Value.Should().Be("é");
        SafeXml.Read(latin1, "\"utf-8\"").Document.Should().BeNull("0xE9 alone is no UTF-8");
    }

    [Test]
    public void A_huge_parser_message_is_cut_to_an_excerpt()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<element>", 20_000)));

        SafeXml.Read(body).Error!.Length.Should().BeLessThanOrEqualTo(SafeXml.MaxErrorCharacters + 1);
    }

    [Test]
    public void Deep_nesting_is_well_formed_but_not_loaded()
    {
        var depth = SafeXml.MaxDepth + 1;
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)));

        var reading = SafeXml.Read(body);

        reading.WellFormed.Should().BeTrue();
        reading.Document.Should().BeNull();
        reading.Depth.Should().Be(depth);
        SafeXml.Read(Encoding.UTF8.GetBytes("<a><b/></a>")).Document.Should().NotBeNull();
    }

    [Test]
    public void An_element_with_thousands_of_attributes_is_well_formed_but_not_loaded()
    {
        var many = "<a " + string.Join(' ', Enumerable.Range(0, 7_000).Select(i => $"x{i}=\"{i}\"")) + "/>";
        var few = "<a " + string.Join(' ', Enumerable.Range(0, SafeXml.MaxAttributes).Select(i => $"x{i}=\"{i}\"")) + "/>";

        var reading = SafeXml.Read(Encoding.UTF8.GetBytes(many));

        reading.WellFormed.Should().BeTrue();
        reading.Document.Should().BeNull();
        reading.Attributes.Should().Be(7_000);
        SafeXml.Read(Encoding.UTF8.GetBytes(few)).Document.Should().NotBeNull("as many attributes as the limit are read");
    }
}
