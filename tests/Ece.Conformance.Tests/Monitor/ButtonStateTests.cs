using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Monitor;
using Ece.Spec;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>What a chat button shows after an answer, and which reasons are business as usual: from the spec only.</summary>
public class ButtonStateTests
{
    private static readonly EceSpec Spec = EceSpec.Default;
    private static readonly Operation ChatAllowed = Spec.Reporting(Quantity.ChatAllowed).Operation;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private static Answer AnswerOf(int status, string body, long elapsedMs = 10) => Answer.From(ChatAllowed, "1000", new Exchange
    {
        Id = 1, Method = "GET", Url = "http://x/", Status = status, MediaType = "application/xml",
        Content = System.Text.Encoding.UTF8.GetBytes(body), Body = body, ElapsedMs = elapsedMs,
    });

    private static string Example(string name) => File.ReadAllText(RepositoryFiles.Path("spec", "examples", name));

    [Test]
    public void The_business_reasons_are_those_the_spec_marks_x_ece_business()
    {
        var reasons = ButtonState.Reasons(Spec);
        var conditions = ChatAllowed.Response!.ByQuantity(Quantity.Conditions)!;
        var marked = conditions.Members.Where(m => m.Business == true).Select(m => m.Value);

        reasons.Where(r => r.Business == true).Select(r => r.Reason).Should().BeEquivalentTo(marked);
        marked.Should().Contain(conditions.MemberWhen(Condition.QueueFull)!.Value).And.NotContain(conditions.MemberWhen(Condition.ServiceDown)!.Value);
    }

    /// <summary>"Other reasons" may be closing hours or a fault: the source does not say, so neither does the monitor,
    /// and the shipped alert (business="false") does not page on it at night.</summary>
    [Test]
    public void A_reason_the_source_leaves_open_is_neither_business_nor_unexpected()
    {
        var other = ChatAllowed.Response!.ByQuantity(Quantity.Conditions)!.MemberWhen(Condition.OutsideBusinessHours)!;

        other.Business.Should().BeNull();
        ButtonState.Reasons(Spec).Should().Contain((other.Value, null));
        ButtonState.BusinessLabel(other.Business).Should().Be("unknown");
    }

    [Test]
    public void An_answer_that_allows_a_chat_shows_the_button() =>
        ButtonState.From(AnswerOf(ChatAllowed.SuccessStatus, Example("chatAllowed-true.xml")), Spec, Budget).Shown.Should().Be(ButtonShown.Shown);

    [Test]
    public void A_refusal_hides_the_button_with_its_reason()
    {
        var state = ButtonState.From(AnswerOf(ChatAllowed.SuccessStatus, Example("chatAllowed-false.xml")), Spec, Budget);

        state.Shown.Should().Be(ButtonShown.Hidden);
        ButtonState.Reasons(Spec).Select(r => r.Reason).Should().Contain(state.Reason);
    }

    [TestCase(500, "oops")]
    [TestCase(200, "<not-xml")]
    public void No_readable_answer_hides_the_button_as_an_error(int status, string body) =>
        ButtonState.From(AnswerOf(status, body), Spec, Budget).Should().Be(new ButtonState(ButtonShown.Hidden, Spec.ChatButton.States.Error, false));

    [Test]
    public void An_invitation_slower_than_the_pages_time_out_leaves_the_button_hidden_as_an_error()
    {
        var slow = AnswerOf(ChatAllowed.SuccessStatus, Example("chatAllowed-true.xml"), elapsedMs: 7_000);

        ButtonState.From(slow, Spec, Budget).Should().Be(new ButtonState(ButtonShown.Hidden, Spec.ChatButton.States.Error, false));
        ButtonState.From(slow, Spec, TimeSpan.FromSeconds(8)).Shown.Should().Be(ButtonShown.Shown, "within the budget it is shown");
    }
}
