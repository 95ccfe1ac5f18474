using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Tests.Checks;

/// <summary>What of an answer is read: an answer within the limits is, a hostile one is scanned and said unreadable,
/// so the rules never spend quadratic time on it.</summary>
public class AnswerTests
{
    private static readonly Operation ChatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation;

    private static Answer AnswerOf(string body) => Answer.From(ChatAllowed, "1000", new Exchange
    {
        Id = 1, Method = "GET", Url = "http://x/", Status = ChatAllowed.SuccessStatus, MediaType = "application/xml",
        Content = System.Text.Encoding.UTF8.GetBytes(body), Body = body,
    });

    private static string Example(string name) => File.ReadAllText(RepositoryFiles.Path("spec", "examples", name));

    [Test]
    public void The_spec_example_is_read() =>
        AnswerOf(Example("chatAllowed-false.xml")).Unreadable.Should().BeNull();

    [Test]
    public void An_answer_whose_root_has_thousands_of_attributes_is_unreadable_and_says_why()
    {
        var example = Example("chatAllowed-false.xml");
        var root = example.IndexOf("/>", StringComparison.Ordinal);
        var hostile = example[..root] + string.Concat(Enumerable.Range(0, 7_000).Select(i => $" x{i}=\"{i}\"")) + example[root..];

        var answer = AnswerOf(hostile);

        answer.Document.Should().BeNull();
        answer.Unreadable.Should().Contain("attributes").And.Contain(SafeXml.MaxAttributes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
