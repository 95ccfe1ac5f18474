using System.Xml.Linq;

namespace Ece.Spec;

public enum FieldNode { Attribute, Element }

public enum FieldType { Boolean, WholeNumber, NonNegativeInteger, NonNegativeDecimal, Text, List }

/// <summary>One value of a message: an attribute of the root or a child element.</summary>
/// <param name="Quantity">The state quantity the field reports (x-ece-quantity), the only name C# code uses for it.</param>
/// <param name="Precedence">For enumerations: the order in which members are tried when several conditions hold.</param>
/// <param name="Item">For a repeated element (FieldType.List): the message each occurrence holds.</param>
public sealed record Field(
    string Name,
    FieldNode Node,
    XNamespace Namespace,
    string? Prefix,
    FieldType Type,
    bool Required,
    string? Quantity,
    IReadOnlyList<EnumMember> Members,
    IReadOnlyList<string> Precedence,
    int? MinLength,
    Message? Item)
{
    public bool IsEnum => Members.Count > 0;

    /// <summary>The member that needs no condition: the value when nothing stands in the way
    /// (checkEligibility's "eligible"), or null when every member names a condition.</summary>
    public EnumMember? Unconditional => Members.FirstOrDefault(m => m.When.Count == 0);

    /// <summary>An enumeration of conditions with a member for "none holds": eligible or not, rather than only why not.</summary>
    public bool IsEligibility => Quantity == Ece.Spec.Quantity.Conditions && Unconditional is not null;

    /// <summary>The member that <paramref name="condition"/> selects, or null.</summary>
    public EnumMember? MemberWhen(string condition) => Members.FirstOrDefault(m => m.When.Contains(condition));

    /// <summary>Whether <paramref name="lexical"/>, a valid value of this field, tells a client that a chat can start:
    /// agents available or chat allowed true, capacity above 0, or the unconditional member of an enumeration
    /// with conditions. A chat button shows itself on any of these.</summary>
    public bool InvitesChat(string lexical)
    {
        if (!Accepts(lexical))
        {
            return false;
        }
        return Quantity switch
        {
            Ece.Spec.Quantity.AgentsAvailable or Ece.Spec.Quantity.ChatAllowed => Lexical.ParseBoolean(lexical) == true,
            Ece.Spec.Quantity.Capacity => Lexical.IsPositive(lexical),
            Ece.Spec.Quantity.Conditions => Unconditional is { } eligible && Member(lexical) == eligible,
            _ => false,
        };
    }

    /// <summary>The member chosen when <paramref name="conditions"/> hold: the first in precedence whose
    /// conditions meet them, else the member that needs none, else null (the field is left out).</summary>
    public EnumMember? Resolve(IReadOnlySet<string> conditions)
    {
        foreach (var value in Precedence)
        {
            var member = Members.First(m => m.Value == value);
            if (member.When.Any(conditions.Contains))
            {
                return member;
            }
        }
        return Unconditional;
    }

    public EnumMember? Member(string lexical)
    {
        var collapsed = Lexical.Collapse(lexical);
        return Members.FirstOrDefault(m => Type == FieldType.Text ? m.Value == lexical : m.Value == collapsed);
    }

    /// <summary>Whether <paramref name="lexical"/> is a valid value of this field, by the XSD rules of its type.</summary>
    public bool Accepts(string lexical) =>
        IsEnum ? Member(lexical) is not null : Lexical.IsValid(Type, lexical, MinLength);

    public string Describe() => IsEnum
        ? "one of " + string.Join(", ", Members.Select(m => m.Value))
        : Lexical.Describe(Type);
}

/// <summary>A value of an enumeration with its meaning and the conditions that select it.</summary>
public sealed record EnumMember(string Value, string Meaning, IReadOnlyList<string> When)
{
    /// <summary>What a chat button tells a customer for this value (x-ece-customer); Meaning keeps the source's words.</summary>
    public string? Customer { get; init; }

    /// <summary>A refusal that is business as usual (x-ece-business): a full queue, busy agents, a closed entry point.
    /// A chat button hidden for it needs no operator; hidden for any other reason, it does (the monitor's alerts).
    /// Null where the source leaves it open (x-ece-business: unknown): "other reasons" may be closing hours or a fault.</summary>
    public bool? Business { get; init; } = false;
}
