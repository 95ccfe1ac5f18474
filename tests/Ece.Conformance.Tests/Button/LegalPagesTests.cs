using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Ece.Conformance.Tests.Button.ButtonRunTests;

namespace Ece.Conformance.Tests.Button;

/// <summary>Legal pages written otherwise than good.html, each the input that a checker watching its page only on
/// the page's clock, or judging visibility its own way, got wrong: each passes every rule it is judged by.</summary>
[NonParallelizable]
public class LegalPagesTests
{
    /// <summary>good.html with one change that a customer cannot tell from the original.</summary>
    public static IEnumerable<TestCaseData> Pages()
    {
        // Hidden by a fade: visibility changes at the end of a transition, which runs on wall time.
        yield return new TestCaseData("fades its button out", new[] { ("<button id=\"chat\" hidden>", "<style>#chat { transition: opacity .3s, visibility 0s .3s; } #chat.off { opacity: 0; visibility: hidden; }</style><button id=\"chat\" class=\"off\">"),
            ("      document.getElementById('chat').hidden = !allowed;", "      document.getElementById('chat').classList.toggle('off', !allowed);"),
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { document.getElementById('chat').classList.add('off'); })") });
        // A wrapper whose own box is empty (display: contents): Playwright judges it by its children.
        yield return new TestCaseData("wraps its button in display: contents", new[] { ("<button id=\"chat\" hidden>Chat with us</button>", "<span id=\"chat\" style=\"display: contents\" hidden><button>Chat with us</button></span>"),
            ("      document.getElementById('chat').hidden = !allowed;", "      document.getElementById('chat').style.display = allowed ? 'contents' : 'none';"),
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { document.getElementById('chat').style.display = 'none'; })") });
        // A same-document URL change at load is no navigation away.
        yield return new TestCaseData("changes its URL with the history API", new[] { ("\npoll();\n", "\nhistory.replaceState(null, '', location.pathname + '?lang=en');\npoll();\n") });
    }

    [TestCaseSource(nameof(Pages))]
    public async Task A_legal_page_written_otherwise_passes_every_rule(string name, (string From, string To)[] changes)
    {
        var page = BrokenPages.Write(new BrokenPages.Broken(name, "", [], changes));

        var outcomes = await Judge(Options("good.html", "default", "no-agents", "fault-500", "fault-refused") with { Page = page });

        outcomes.Where(o => o.Value != Outcome.Skipped).Should().OnlyContain(o => o.Value == Outcome.Passed || o.Value == Outcome.NotApplicable, string.Join(", ", outcomes));
    }

    /// <summary>Time-outs Chromium runs on wall time, not on the page's clock: a page that sets one has one.</summary>
    public static IEnumerable<TestCaseData> WallTimeOuts()
    {
        yield return new TestCaseData("fetch with AbortSignal.timeout", new[] { ("fetch(ECE, { headers: { Accept: 'application/xml' }, signal: abort.signal })", "fetch(ECE, { headers: { Accept: 'application/xml' }, signal: AbortSignal.timeout(2000) })") });
        yield return new TestCaseData("XMLHttpRequest with a timeout", new[] { ("\npoll();\n", "\nxhrPoll();\n"), ("function poll() {", """
            function xhrPoll() {
              var x = new XMLHttpRequest();
              x.open('GET', ECE);
              x.timeout = 2000;
              x.onload = function () { var doc = x.status === 200 && x.responseXML; document.getElementById('chat').hidden = !(doc && doc.documentElement.getAttribute('allowed') === 'true'); };
              x.onerror = x.ontimeout = function () { document.getElementById('chat').hidden = true; };
              x.onloadend = function () { setTimeout(xhrPoll, 15000); };
              x.send();
            }
            function poll() {
            """) });
    }

    [TestCaseSource(nameof(WallTimeOuts))]
    public async Task A_page_whose_time_out_runs_on_wall_time_has_a_time_out(string name, (string From, string To)[] changes)
    {
        var page = BrokenPages.Write(new BrokenPages.Broken(name, "", [], changes));

        var outcomes = await Judge(Options("good.html", "default", "fault-slow") with { Page = page, Reason = null });

        outcomes["ECE-CL-006"].Should().Be(Outcome.Passed);
        outcomes.Where(o => o.Value != Outcome.Skipped).Should().OnlyContain(o => o.Value == Outcome.Passed || o.Value == Outcome.NotApplicable, string.Join(", ", outcomes));
    }

    [TestCase("", "")]
    [TestCase("never hides its button again once shown", "ECE-CL-010")]
    public async Task A_button_in_a_frame_is_judged_through_a_selector_that_enters_the_frame(string defect, string fails)
    {
        var inner = BrokenPages.Write(defect.Length == 0 ? new BrokenPages.Broken("good", "", []) : BrokenPages.All.Single(p => p.Name == defect));
        var outer = Path.Combine(Path.GetDirectoryName(inner.LocalPath)!, "shop.html");
        File.WriteAllText(outer, "<!doctype html><h1>Shop</h1><iframe id=\"chat-widget\" src=\"page.html\"></iframe>");

        var outcomes = await Judge(Options("good.html", "default", "fault-500") with { Page = new Uri(outer), Button = "iframe#chat-widget >> internal:control=enter-frame >> #chat", Reason = null });

        outcomes.Where(o => o.Value == Outcome.Failed).Select(o => o.Key).Should().Equal(fails.Length == 0 ? [] : [fails], string.Join(", ", outcomes));
        outcomes["ECE-CL-012"].Should().Be(Outcome.Passed, "the frame's requests are seen from inside it");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_widget_whose_script_arrives_late_is_watched_from_its_start()
    {
        var good = File.ReadAllText(BrokenPages.Good);
        var script = good[(good.IndexOf("<script>", StringComparison.Ordinal) + 8)..good.IndexOf("</script>", StringComparison.Ordinal)];
        var app = ReferenceServer.LoopbackApp.Slim();
        app.MapGet("/support/", () => TypedResults.Content(good.Replace("<script>" + script + "</script>", "<script async src=\"/widget.js\"></script>", StringComparison.Ordinal), "text/html"));
        // The network, not the page's clock, is slow: a second of wall time before the widget arrives.
        app.MapGet("/widget.js", async () => { await Task.Delay(TimeSpan.FromSeconds(1)); return TypedResults.Content(script, "text/javascript"); });
        await using var site = await ReferenceServer.LoopbackApp.StartAsync(app);

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "fault-500") with { Page = new Uri(site.Url, "/support/") }, EceSpec.Default, null, CancellationToken.None);

        steps.Should().OnlyContain(s => s.Calls.Count > 1, "every step saw the widget poll");
        ButtonJudge.Judge(EceSpec.Default, steps).Where(f => f.Outcome == Outcome.Failed).Should().BeEmpty();
    }

    [Test]
    public async Task A_page_error_that_mentions_closed_is_a_script_error_not_a_page_that_could_not_be_opened()
    {
        var page = BrokenPages.Write(new BrokenPages.Broken("throws", "", [], ("\npoll();\n", "\npoll();\nsetTimeout(function () { throw new Error('ECE connection closed'); }, 1500);\n")));

        var outcomes = await Judge(Options("good.html", "default") with { Page = page });

        outcomes["ECE-CL-005"].Should().Be(Outcome.Failed);
        outcomes["ECE-CL-001"].Should().Be(Outcome.Passed);
    }

    [Test]
    public async Task A_page_that_creates_its_button_only_when_a_chat_can_start_is_judged_not_refused_in_refusals()
    {
        var page = BrokenPages.Write(new BrokenPages.Broken("creates", "", [], ("<button id=\"chat\" hidden>Chat with us</button>", "<div id=\"slot\"></div>"),
            ("      document.getElementById('chat').hidden = !allowed;", "      document.getElementById('slot').innerHTML = allowed ? '<button id=\"chat\">Chat with us</button>' : '';"),
            (".catch(function () { document.getElementById('chat').hidden = true; })", ".catch(function () { document.getElementById('slot').innerHTML = ''; })")));

        var steps = await ButtonRun.RunAsync(Options("good.html", "queue-full", "fault-500") with { Page = page, Survey = [] }, EceSpec.Default, null, CancellationToken.None);

        ButtonDiagnosis.Find(Options("good.html") with { Page = page }, steps).Should().BeNull("no step's answers said a chat can start: no button was due");
    }

    [Test]
    public void A_step_name_with_a_typo_is_refused_by_name() =>
        FluentActions.Awaiting(() => ButtonRun.RunAsync(Options("good.html", "default", "fault-50") with { Page = new Uri(BrokenPages.Good) }, EceSpec.Default, null, CancellationToken.None))
            .Should().ThrowAsync<UsageException>().WithMessage("--step fault-50 is none of*");
}
