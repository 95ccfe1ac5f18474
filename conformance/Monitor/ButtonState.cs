using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Monitor;

internal enum ButtonShown { Unknown, Shown, Hidden }

/// <summary>What a chat button polling chatAllowed shows after this answer: shown, hidden with the reason the answer
/// gives (the wire value, or the page's error state when no answer can be read), or unknown (not asked yet, or the
/// monitor could not reach the target: a fault of the path to it, not necessarily of ECE).</summary>
internal sealed record ButtonState(ButtonShown Shown, string? Reason, bool? Business)
{
    public static readonly ButtonState Unknown = new(ButtonShown.Unknown, null, false);

    /// <summary>The words of the state label, the monitor's own (not the page's attribute values).</summary>
    public static string Name(ButtonShown state) => state switch
    {
        ButtonShown.Shown => "shown",
        ButtonShown.Hidden => "hidden",
        _ => "unknown",
    };

    /// <summary>Every reason a hidden button can have, from the spec: the refusal reasons, "refused" without one, and
    /// the page's error state. A target's text never becomes a reason, so the label has a fixed set of values.</summary>
    public static IReadOnlyList<(string Reason, bool? Business)> Reasons(EceSpec spec) =>
        [.. ReasonField(spec).Members.Select(m => (m.Value, m.Business)), (spec.ChatButton.States.Refused, false), (spec.ChatButton.States.Error, false)];

    /// <param name="budget">How long a page waits for the answer: a slower answer leaves the page in its error state,
    /// whatever it says.</param>
    public static ButtonState From(Answer answer, EceSpec spec, TimeSpan budget)
    {
        var error = new ButtonState(ButtonShown.Hidden, spec.ChatButton.States.Error, false);
        var allowed = spec.Reporting(Quantity.ChatAllowed).Field;
        if (answer.Unreadable is not null || answer.ValidValue(allowed) is not { } value || answer.Exchange.ElapsedMs > budget.TotalMilliseconds)
        {
            return error;
        }
        if (allowed.InvitesChat(value))
        {
            return new ButtonState(ButtonShown.Shown, null, false);
        }
        var member = answer.ValidValue(ReasonField(spec)) is { } reason ? ReasonField(spec).Member(reason) : null;
        return member is null
            ? new ButtonState(ButtonShown.Hidden, spec.ChatButton.States.Refused, false)
            : new ButtonState(ButtonShown.Hidden, member.Value, member.Business);
    }

    /// <summary>Whether the state was read from a timely, readable answer: shown, or hidden for a reason the answer
    /// gave; not unknown, and not the page's error state (no answer, an unreadable one, or one over the budget).</summary>
    public bool IsRead(EceSpec spec) => Shown == ButtonShown.Shown || (Shown == ButtonShown.Hidden && Reason != spec.ChatButton.States.Error);

    /// <summary>The business label's value: true, false, or unknown where the spec leaves it open (x-ece-business).</summary>
    public static string BusinessLabel(bool? business) => business is { } b ? PrometheusText.BooleanLabel(b) : "unknown";

    /// <summary>The same for people: the change log and the status page.</summary>
    public static string BusinessText(bool? business) => business switch
    {
        true => "business as usual",
        false => "not a business reason",
        null => "perhaps business as usual: the source does not say",
    };

    public static Field ReasonField(EceSpec spec) =>
        spec.Reporting(Quantity.ChatAllowed).Operation.Response!.ByQuantity(Quantity.Conditions)!;

    public override string ToString() => Reason is null ? Name(Shown) : $"{Name(Shown)} ({Reason})";
}
