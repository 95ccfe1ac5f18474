namespace Ece.Conformance.Tests.Button;

/// <summary>Pages as web teams get them wrong: each is Pages/good.html with one defect put in (a replacement that must
/// find its text, so a change to the good page cannot silently stop breaking anything), and the one rule it fails.</summary>
internal static class BrokenPages
{
    internal sealed record Broken(string Name, string Rule, string[] Steps, params (string From, string To)[] Changes);

    private const string Poll = ".finally(function () { clearTimeout(timer); setTimeout(poll, 1000); });";
    private const string Read = "      var allowed = doc.documentElement.getAttribute('allowed') === 'true';\n";
    private const string Said = "      why.textContent = allowed ? '' : 'Chat is closed (' + (doc.documentElement.getAttribute('reason') || 'no reason') + ')';\n";

    /// <summary>The good page asking for the JSON form and reading it with JSON.parse: as good as the XML one.</summary>
    public static readonly (string From, string To)[] Json =
    [
        ("Accept: 'application/xml'", "Accept: 'application/json'"),
        ("return r.text(); })", "return r.json(); })"),
        (".then(function (text) {\n      var doc = new DOMParser().parseFromString(text, 'application/xml');\n      if (doc.getElementsByTagName('parsererror').length) { throw new Error('not XML'); }\n",
            ".then(function (data) {\n"),
        (Read, "      var allowed = data.allowed === true;\n"),
        ("(doc.documentElement.getAttribute('reason') || 'no reason')", "(data.reason || 'no reason')"),
    ];

    /// <summary>The good page as GOV.UK's script times it: a poll every 15 s, a 5 s time-out. As good.</summary>
    public static readonly (string From, string To)[] Slow =
    [
        (Poll, Poll.Replace("1000", "15000", StringComparison.Ordinal)),
        ("abort.abort(); }, 2000);\n  fetch(ECE", "abort.abort(); }, 5000);\n  fetch(ECE"),
    ];

    public static readonly IReadOnlyList<Broken> All =
    [
        new("never hides its button again once shown", "ECE-CL-010", ["default", "queue-full"],
            ("      document.getElementById('chat').hidden = !allowed;", "      if (allowed) { document.getElementById('chat').hidden = false; }")),
        new("stops asking once the button is shown", "ECE-CL-010", ["default", "recovery"],
            (Poll, ".finally(function () { clearTimeout(timer); if (document.getElementById('chat').hidden) { setTimeout(poll, 1000); } });")),
        new("starts two timer chains", "ECE-CL-012", ["default", "no-agents"],
            (Poll, Poll.Replace("1000", "5000", StringComparison.Ordinal)), ("\npoll();\n", "\npoll();\npoll();\n")),
        new("alerts the customer on an error", "ECE-CL-011", ["default", "fault-500"],
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function (e) { document.getElementById('chat').hidden = true; alert('new error' + e.message); })")),
        new("decides with agentAvailability only", "ECE-CL-013", ["default", "queue-full", "inactive-entry-point"],
            ("/system/egain/chat/entrypoint/chatAllowed/1027", "/system/egain/chat/entrypoint/agentAvailability/1027"),
            (Read, "      var allowed = doc.documentElement.getAttribute('available') === 'true';\n")),
        new("keeps its button shown while the API fails during a visit", "ECE-CL-007", ["default", "fault-500", "fault-and-back"],
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { })")),
        new("opens a window when the API fails", "ECE-CL-011", ["default", "fault-slow", "fault-and-back"],
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { document.getElementById('chat').hidden = true; window.open('https://help.acme.example/status'); })")),
        new("shows the button when the API fails", "ECE-CL-002", ["default", "fault-500", "fault-refused"],
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { document.getElementById('chat').hidden = false; })")),
        new("shows the button when the queue is full", "ECE-CL-001", ["default", "queue-full"],
            ("      document.getElementById('chat').hidden = !allowed;", "      document.getElementById('chat').hidden = !allowed && doc.documentElement.getAttribute('reason') !== 'queue_depth_reached';")),
        new("reads the capacity by the literal prefix ns2", "ECE-CL-003", ["default", "other-form"],
            ("/system/egain/chat/entrypoint/chatAllowed/1027", "/webchat/chat/entrypoint/capacity/1027"),
            (Read, "      var count = doc.getElementsByTagName('ns2:count')[0];\n      if (!count) { throw new Error('no count'); }\n      var allowed = Number(count.textContent) > 0;\n")),
        new("sends its request without a time-out", "ECE-CL-006", ["default", "fault-slow"],
            ("fetch(ECE, { headers: { Accept: 'application/xml' }, signal: abort.signal })", "fetch(ECE, { headers: { Accept: 'application/xml' } })")),
        new("throws on a malformed body", "ECE-CL-005", ["default", "fault-malformed"],
            ("{ throw new Error('not XML'); }", "{ setTimeout(function () { throw new Error('the answer is not XML'); }); return; }")),
        new("never polls again after one error", "ECE-CL-007", ["default", "recovery"],
            (Poll, ".finally(function () { clearTimeout(timer); });"), (Said, Said + "      setTimeout(poll, 1000);\n")),
        new("polls five times a second", "ECE-CL-008", ["default", "queue-full"],
            (Poll, Poll.Replace("1000", "200", StringComparison.Ordinal))),
        new("takes the text false for true", "ECE-CL-001", ["inactive-entry-point"],
            ("document.getElementById('chat').hidden = !allowed;", "document.getElementById('chat').hidden = !doc.documentElement.getAttribute('allowed');")),
        new("searches the JSON text instead of parsing it", "ECE-CL-003", ["default", "other-form"],
            [.. Json, ("return r.json(); })", "return r.text(); })"), ("var allowed = data.allowed === true;", "var allowed = data.indexOf('\"allowed\":true') >= 0;")]),
        new("posts a survey with the wrong root", "ECE-CL-009", ["default", "survey"],
            ("createDocument(null, 'egainSurvey', null)", "createDocument(null, 'feedback', null)")),
    ];

    public static string Good => RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Button", "Pages", "good.html");

    /// <summary>The broken page as a file of its own (its own ECE URL and all), in a fresh folder.</summary>
    public static Uri Write(Broken page)
    {
        var text = File.ReadAllText(Good);
        foreach (var (from, to) in page.Changes)
        {
            text = text.Contains(from, StringComparison.Ordinal)
                ? text.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"The broken page '{page.Name}' expected '{from}' in good.html.");
        }
        var path = Path.Combine(Directory.CreateTempSubdirectory("ece-page").FullName, "page.html");
        File.WriteAllText(path, text);
        return new Uri(path);
    }
}
