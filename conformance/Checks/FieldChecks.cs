using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules on the values of an answer: presence and type of each field, literal booleans,
/// and the reason that goes with a refusal.</summary>
internal static class FieldChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["field"] = (CheckScope.OperationAndEntryPoint, FieldValue),
        ["boolean-literal"] = (CheckScope.OperationAndEntryPoint, BooleanLiteral),
        ["reason-when-refused"] = (CheckScope.OperationAndEntryPoint, ReasonWhenRefused),
        ["no-reason-when-allowed"] = (CheckScope.OperationAndEntryPoint, NoReasonWhenAllowed),
    };

    private static async Task<Finding> FieldValue(CheckCall call, CancellationToken cancel)
    {
        var (answer, field, ids, gate) = await TargetField(call, cancel);
        return gate ?? answer.Raw(field) switch
        {
            null when field.Required => call.Fail($"{Describe(field)} is missing.", $"{Describe(field)}, {field.Describe()}", "(absent)", ids),
            null => call.NotApplicable($"{Describe(field)} is absent, which is allowed.", ids),
            var raw when field.Accepts(raw) => call.Pass($"{field.Name}=\"{raw}\".", ids),
            var raw => call.Fail($"{Describe(field)} is not {field.Describe()}.", field.Describe(), $"\"{raw}\"", ids),
        };
    }

    private static async Task<Finding> BooleanLiteral(CheckCall call, CancellationToken cancel)
    {
        var (answer, field, ids, gate) = await TargetField(call, cancel);
        return gate ?? answer.ValidValue(field) switch
        {
            null => call.NotApplicable($"{Describe(field)} is absent or not a boolean (see the field rule).", ids),
            var raw when raw == Lexical.Format(true) || raw == Lexical.Format(false) => call.Pass($"{field.Name}=\"{answer.Raw(field)}\".", ids),
            var raw => call.Fail($"{Describe(field)} is a valid xs:boolean but not the literal true or false.", $"\"{Lexical.Format(true)}\" or \"{Lexical.Format(false)}\"", $"\"{raw}\"", ids),
        };
    }

    private static async Task<Finding> ReasonWhenRefused(CheckCall call, CancellationToken cancel)
    {
        var (answer, allowed, reason, gate) = await Refusal(call, cancel);
        if (gate is not null)
        {
            return gate;
        }
        int[] ids = [answer.Exchange.Id];
        if (allowed!.Value)
        {
            return call.NotApplicable("The chat is allowed.", ids);
        }
        return answer.Raw(reason!) is { } value
            ? call.Pass($"Refused with {reason!.Name}=\"{value}\".", ids)
            : call.Fail($"The chat is refused without {Describe(reason!)}.", $"a {reason!.Name} attribute", "(absent)", ids);
    }

    private static async Task<Finding> NoReasonWhenAllowed(CheckCall call, CancellationToken cancel)
    {
        var (answer, allowed, reason, gate) = await Refusal(call, cancel);
        if (gate is not null)
        {
            return gate;
        }
        int[] ids = [answer.Exchange.Id];
        if (!allowed!.Value)
        {
            return call.NotApplicable("The chat is refused.", ids);
        }
        return answer.Raw(reason!) is { } value
            ? call.Fail($"An allowed chat carries {reason!.Name}=\"{value}\".", $"no {reason!.Name}", $"\"{value}\"", ids)
            : call.Pass($"Allowed, without {reason!.Name}.", ids);
    }

    /// <summary>The answer, the rule's target field in it, and the finding that stops the check when the answer cannot be read.</summary>
    private static async Task<(Answer Answer, Field Field, int[] Ids, Finding? Gate)> TargetField(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerChecks.AnswerOf(call, cancel);
        return (answer, call.Operation!.Response!.Field(call.Rule.Target!), [answer.Exchange.Id], AnswerChecks.Content(call, answer));
    }

    /// <summary>The allowed value and the field that names a refusal's cause, or the finding that stops the check.</summary>
    private static async Task<(Answer Answer, bool? Allowed, Field? Reason, Finding? Gate)> Refusal(CheckCall call, CancellationToken cancel)
    {
        var answer = await AnswerChecks.AnswerOf(call, cancel);
        if (AnswerChecks.Content(call, answer) is { } gated)
        {
            return (answer, null, null, gated);
        }
        var allowedField = answer.FieldFor(Quantity.ChatAllowed);
        var reason = answer.FieldFor(Quantity.Conditions);
        var allowed = answer.ValidValue(allowedField) is { } raw ? Lexical.ParseBoolean(raw) : null;
        return allowed is null
            ? (answer, null, reason, call.Untestable($"{Describe(allowedField)} is absent or not a boolean (see the field rule).", [answer.Exchange.Id]))
            : (answer, allowed, reason, null);
    }

    internal static string Describe(Field field) => field.Node == FieldNode.Attribute ? $"the attribute {field.Name}" : $"the element {field.Name}";
}
