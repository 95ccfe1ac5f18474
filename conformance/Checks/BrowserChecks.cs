using System.Text.RegularExpressions;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>The sample chat button in Chromium against the target: does it show what the API said?</summary>
internal static partial class BrowserChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["browser"] = (CheckScope.OperationAndEntryPoint, ButtonMatchesAnswer),
    };

    // A start tag and its attributes, as Chromium serializes the DOM (attribute values quoted, entities escaped).
    [GeneratedRegex(@"<[a-zA-Z][^\s/>]*((?:\s+[^\s=/>]+(?:=""[^""]*"")?)*)\s*/?>")]
    private static partial Regex StartTag();

    [GeneratedRegex(@"([^\s=/>]+)(?:=""([^""]*)"")?")]
    private static partial Regex TagAttribute();

    private static async Task<Finding> ButtonMatchesAnswer(CheckCall call, CancellationToken cancel)
    {
        if (call.Context.Browser is not { } browser)
        {
            return call.Skipped("Not checked: --browser shows the sample chat button in Chromium against the target.");
        }
        var answer = await AnswerChecks.AnswerOf(call, cancel);
        var allowedField = answer.FieldFor(Quantity.ChatAllowed);
        var reasonField = answer.FieldFor(Quantity.Conditions);
        var allowed = answer.Unreadable is null && answer.ValidValue(allowedField) is { } v ? Lexical.ParseBoolean(v) : null;
        var contract = call.Context.Spec.ChatButton;
        var expected = allowed switch
        {
            true => new PageState(contract.States.Allowed, "", Shown: true),
            false => new PageState(contract.States.Refused, answer.Raw(reasonField) ?? "", Shown: false),
            null => new PageState(contract.States.Error, "", Shown: false),
        };

        var host = await browser.HostAsync();
        var page = host.Page(call.Context.Spec, call.EntryPoint!, call.Operation!.Response!.Root.LocalName);
        var budget = TimeSpan.FromSeconds(Math.Min(10, call.Context.Target.Options.Timeout.TotalSeconds + 2));
        var actual = Read(contract, await browser.Chromium.DumpDomAsync(page, budget, cancel));
        var picture = await browser.Chromium.ScreenshotAsync(page, budget, cancel);
        if (picture.Length > 0)
        {
            browser.Screenshots[$"Entry point {call.EntryPoint}: {actual}"] = Convert.ToBase64String(picture);
        }
        int[] ids = [answer.Exchange.Id];
        return actual == expected
            ? call.Pass($"The page shows {actual}, as the answer says.", ids)
            : call.Fail($"The chat button in Chromium does not show what {call.Operation.Id} answered.", expected.ToString(), actual.ToString(), ids);
    }

    /// <summary>The state the page wrote on its container, and whether the button is shown, from the serialized DOM.</summary>
    private static PageState Read(ChatButtonPage contract, string dom)
    {
        var tags = StartTag().Matches(dom).Select(t => Attributes(t.Groups[1].Value)).ToList();
        var box = tags.FirstOrDefault(a => a.GetValueOrDefault("id") == contract.Container);
        var button = tags.FirstOrDefault(a => a.GetValueOrDefault("id") == contract.Button);
        return box is null
            ? new PageState("(no page)", "", Shown: false)
            : new PageState(box.GetValueOrDefault(contract.StateAttribute) ?? "(no state)", box.GetValueOrDefault(contract.ReasonAttribute) ?? "",
                button is not null && !button.ContainsKey("hidden"));
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match a in TagAttribute().Matches(text))
        {
            attributes.TryAdd(a.Groups[1].Value, System.Net.WebUtility.HtmlDecode(a.Groups[2].Value));
        }
        return attributes;
    }

    private sealed record PageState(string State, string Reason, bool Shown)
    {
        public override string ToString() => $"{State}{(Reason.Length > 0 ? $" ({Reason})" : "")}, button {(Shown ? "shown" : "hidden")}";
    }
}
