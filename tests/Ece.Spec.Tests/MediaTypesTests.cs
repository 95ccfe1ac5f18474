using System.Text;

namespace Ece.Spec.Tests;

public class MediaTypesTests
{
    [TestCase("utf-7")] // NotSupportedException from GetEncoding: disabled in .NET
    [TestCase("x-no-such-charset")] // ArgumentException
    [TestCase("\"\"")]
    [TestCase(null)]
    public void A_charset_dotnet_will_not_use_is_no_encoding_not_an_exception(string? charset)
    {
        MediaTypes.Charset(charset).Should().BeNull();
        MediaTypes.Charset(charset, strict: true).Should().BeNull();
    }

    [TestCase("utf-8", 65001)]
    [TestCase("\"UTF-8\"", 65001)]
    [TestCase(" iso-8859-1 ", 28591)]
    [TestCase("utf-16be", 1201)]
    public void A_charset_names_its_encoding_quoted_or_not(string charset, int codePage)
    {
        MediaTypes.Charset(charset)!.CodePage.Should().Be(codePage);
    }

    [Test]
    public void A_strict_encoding_refuses_bytes_it_cannot_decode()
    {
        var strict = MediaTypes.Charset("utf-8", strict: true)!;

        var act = () => strict.GetString([0xC3, 0x28]);

        act.Should().Throw<DecoderFallbackException>();
        MediaTypes.Charset("utf-8")!.GetString([0xC3, 0x28]).Should().Contain("\uFFFD");
    }
}
