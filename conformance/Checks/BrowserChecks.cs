using System.Text.RegularExpressions;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>The sample chat button in Chromium against the target: does it show what the API said?</summary>
public static partial class BrowserChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["browser"] = (CheckScope.OperationAndEntryPoint, ButtonMatchesAnswer),
    };

    [GeneratedRegex("<section id=\"ece-chat\"[^>]*>")]
    private static partial Regex Box();

    [GeneratedRegex("<button id=\"ece-chat-button\"[^>]*>")]
    private static partial Regex Button();

    private static async Task<Finding> ButtonMatchesAnswer(CheckCall call, CancellationToken cancel)
    {
        if (call.Context.Browser is not { } browser)
        {
            return call.Skipped("Not checked: --browser shows the sample chat button in Chromium against the target.");
        }
        var answer = await AnswerChecks.AnswerOf(call, cancel);
        var allowedField = answer.FieldFor(Quantity.ChatAllowed);
        var reasonField = answer.FieldFor(Quantity.Conditions);
        var allowed = answer.Unreadable is null && answer.Valid(allowedField) is { } v ? Lexical.ParseBoolean(v) : null;
        var expected = allowed switch
        {
            true => new PageState("allowed", "", Shown: true),
            false => new PageState("refused", answer.Raw(reasonField) ?? "", Shown: false),
            null => new PageState("error", "", Shown: false),
        };

        var host = await browser.HostAsync();
        var page = host.Page(call.EntryPoint!, call.Operation!.Response!.Root.LocalName);
        var budget = TimeSpan.FromSeconds(Math.Min(10, call.Context.Target.Options.Timeout.TotalSeconds + 2));
        var actual = Read(await browser.Chromium.DumpDomAsync(page, budget, cancel));
        var picture = await browser.Chromium.ScreenshotAsync(page, budget, cancel);
        if (picture.Length > 0)
        {
            browser.Screenshots[$"Entry point {call.EntryPoint}: {actual}"] = Convert.ToBase64String(picture);
        }
        int[] ids = [answer.Exchange.Id];
        return actual == expected
            ? call.Pass($"The page shows {actual}, as the answer says.", ids)
            : call.Fail("The chat button in Chromium does not show what chatAllowed answered.", expected.ToString(), actual.ToString(), ids);
    }

    private static PageState Read(string dom)
    {
        var box = Box().Match(dom).Value;
        var button = Button().Match(dom).Value;
        return new PageState(Attribute(box, "data-state") ?? "(no page)", Attribute(box, "data-reason") ?? "", button.Length > 0 && !button.Contains(" hidden", StringComparison.Ordinal));
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"{name}=\"([^\"]*)\"") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private sealed record PageState(string State, string Reason, bool Shown)
    {
        public override string ToString() => $"{State}{(Reason.Length > 0 ? $" ({Reason})" : "")}, button {(Shown ? "shown" : "hidden")}";
    }
}
