using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Conformance.Commands;
using Ece.Spec;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Ece.Conformance.Tests.Button;

/// <summary>Pages as web teams write them, each calling its own ECE URL (https://ece.acme.example/…, which does not
/// exist: every request is answered by the reference server through Chromium's request routing). The good page
/// passes every rule; each broken one fails exactly its rule, in the steps that show it.</summary>
[NonParallelizable]
public class ButtonRunTests
{
    private static Uri PageFile(string name) => new(RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Button", "Pages", name));

    internal static ButtonOptions Options(string page, params string[] steps) => new()
    {
        Page = PageFile(page),
        Button = "#chat",
        Reason = "#why",
        Steps = steps,
        Survey = ["#chat", "#send"],
        Settle = TimeSpan.FromSeconds(2),
        PageTimeout = TimeSpan.FromSeconds(3),
        Time = TimeProvider.System, // a real Chromium and real servers
    };

    internal static async Task<Dictionary<string, Outcome>> Judge(ButtonOptions options)
    {
        var steps = await ButtonRun.RunAsync(options, EceSpec.Default, null, CancellationToken.None);
        steps.Should().OnlyContain(s => s.Calls.Count > 0, "the page asked its ECE in every step");
        return ButtonJudge.Judge(EceSpec.Default, steps).ToDictionary(f => f.Rule.Id, f => f.Outcome);
    }

    [Test]
    public async Task A_page_done_right_passes_every_rule_in_every_step()
    {
        var outcomes = await Judge(Options("good.html"));

        outcomes.Should().OnlyContain(o => o.Value == Outcome.Passed, string.Join(", ", outcomes));
    }

    [Test]
    public async Task The_sample_chat_button_page_passes_every_rule_served_over_http_with_its_own_ece_url()
    {
        await using var site = await ReferenceServer.LoopbackApp.ReferenceServerAsync("default", TimeProvider.System);
        var page = EceSpec.Default.ChatButton.Url(site.Url, "1000", poll: TimeSpan.FromSeconds(1), timeout: TimeSpan.FromSeconds(2));
        var contract = EceSpec.Default.ChatButton;

        var outcomes = await Judge(Options("good.html", "default", "queue-full", "inactive-entry-point", "fault-500", "fault-slow", "other-form", "recovery", "fault-and-back", "survey") with
        {
            Page = page, Button = "#" + contract.Button, Reason = "#" + contract.ReasonText,
            Survey = ["#" + contract.Button, "#ece-chat-end", "#ece-chat-survey [type=submit]"],
        });

        outcomes.Should().OnlyContain(o => o.Value == Outcome.Passed, string.Join(", ", outcomes));
    }

    [Test]
    public async Task A_page_polling_every_15_s_with_a_5_s_time_out_passes_every_rule_and_its_minutes_take_few_ticks()
    {
        var slow = new BrokenPages.Broken("as GOV.UK times it", "", [], BrokenPages.Slow);

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "queue-full", "fault-slow", "recovery", "fault-and-back") with { Page = BrokenPages.Write(slow), PageTimeout = TimeSpan.FromSeconds(6) }, EceSpec.Default, null, CancellationToken.None);
        var outcomes = ButtonJudge.Judge(EceSpec.Default, steps).ToDictionary(f => f.Rule.Id, f => f.Outcome);

        outcomes.Where(o => o.Value != Outcome.Skipped).Should().OnlyContain(o => o.Value == Outcome.Passed, string.Join(", ", outcomes));
        var visit = steps.Single(s => s.Step.Name == "default");
        visit.Duration.Should().BeGreaterThan(TimeSpan.FromSeconds(40), "settled at its second poll (15 s), changed, followed, changed back");
        visit.Ticks.Should().BeLessThan((int)(visit.Duration / PageVisit.Tick) / 4, "the clock runs from timer to timer, not in small ticks");
        visit.Changes.Select(c => c.To).Should().Equal(["no-agents", "default"]);
    }

    [Test]
    public async Task A_page_that_asks_for_the_json_form_and_parses_it_passes_every_rule()
    {
        var json = new BrokenPages.Broken("json", "", [], BrokenPages.Json);

        var outcomes = await Judge(Options("good.html", "default", "queue-full", "inactive-entry-point", "fault-malformed", "other-form") with { Page = BrokenPages.Write(json) });

        outcomes.Where(o => o.Value != Outcome.Skipped).Should().OnlyContain(o => o.Value == Outcome.Passed, string.Join(", ", outcomes));
        outcomes["ECE-CL-003"].Should().Be(Outcome.Passed);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_page_that_floods_its_ece_ends_its_step_at_the_cap_and_fails_the_polling_rule()
    {
        var flood = Path.Combine(Directory.CreateTempSubdirectory("ece-flood").FullName, "flood.html");
        File.WriteAllText(flood, "<!doctype html><button id=\"chat\">Chat</button><script>setInterval(function () { for (var i = 0; i < 50; i++) { "
            + "fetch('https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/1').catch(function () {}); } }, 10);</script>");

        var steps = await ButtonRun.RunAsync(Options("good.html", "default") with { Page = new Uri(flood), Reason = null, Settle = TimeSpan.FromSeconds(30) }, EceSpec.Default, null, CancellationToken.None);

        steps.Single().Calls.Count.Should().Be(ApiRouter.MaxCalls, "the step ends once the cap is reached, long before its 30 s settle time");
        ButtonJudge.Judge(EceSpec.Default, steps).Single(f => f.Rule.Id == "ECE-CL-008").Outcome.Should().Be(Outcome.Failed);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_page_that_floods_its_ece_as_it_loads_is_cut_off_and_its_other_steps_are_not_started()
    {
        var flood = Path.Combine(Directory.CreateTempSubdirectory("ece-flood").FullName, "flood.html");
        File.WriteAllText(flood, "<!doctype html><button id=\"chat\">Chat</button><script>for (var i = 0; i < 10000; i++) { "
            + "fetch('https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/1').catch(function () {}); }</script>");

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "no-agents", "fault-500", "recovery") with { Page = new Uri(flood), Reason = null, Parallel = 1 }, EceSpec.Default, null, CancellationToken.None);

        steps.Select(s => s.Step.Name).Should().Equal(["default"], "a page that floods in one step would in every step");
        steps[0].Calls.Count.Should().Be(ApiRouter.MaxCalls);
        var findings = ButtonJudge.Judge(EceSpec.Default, steps);
        findings.Single(f => f.Rule.Id == "ECE-CL-008").Outcome.Should().Be(Outcome.Failed);
        findings.Single(f => f.Rule.Id == "ECE-CL-010").Message.Should().Contain("before it settled");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_page_its_own_script_freezes_ends_its_steps_there_and_is_blamed_for_the_freeze_only()
    {
        var freezes = BrokenPages.Write(new BrokenPages.Broken("freezes", "", [], ("\npoll();\n", "\npoll();\nsetTimeout(function () { while (true) {} }, 4000);\n")));

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "fault-and-back") with { Page = freezes }, EceSpec.Default, null, CancellationToken.None);

        steps.Should().OnlyContain(s => s.FrozeAt != null && s.Changes.Count <= 1, "no state is changed under a page that cannot follow it");
        var outcomes = ButtonJudge.Judge(EceSpec.Default, steps).ToDictionary(f => f.Rule.Id, f => f.Outcome);
        outcomes.Where(o => o.Value == Outcome.Failed).Select(o => o.Key).Should().Equal(["ECE-CL-005"], string.Join(", ", outcomes));
    }

    [TestCase("", "")]
    [TestCase("shows the button when the queue is full", "ECE-CL-001")]
    public async Task The_replay_step_answers_the_page_with_what_production_recorded(string defect, string fails)
    {
        await using var production = await Ece.ReferenceServer.LoopbackApp.ReferenceServerAsync("queue-full", TimeProvider.System);
        var har = await Har.HarRunTests.RecordAsync(production.Url);
        var changes = (defect.Length == 0 ? [] : BrokenPages.All.Single(p => p.Name == defect).Changes).Append(("chatAllowed/1027", "chatAllowed/1000")).ToArray();
        var page = BrokenPages.Write(new BrokenPages.Broken(defect, fails, [], changes));

        var steps = await ButtonRun.RunAsync(Options("good.html", "replay") with { Page = page, Replay = [har] }, EceSpec.Default, null, CancellationToken.None);
        var outcomes = ButtonJudge.Judge(EceSpec.Default, steps).ToDictionary(f => f.Rule.Id, f => f.Outcome);

        steps.Single().Calls.Should().OnlyContain(c => c.Invites == false, "the recording says the queue is full");
        outcomes.Where(o => o.Value == Outcome.Failed).Select(o => o.Key).Should().Equal(fails.Length == 0 ? [] : [fails], string.Join(", ", outcomes));
        outcomes["ECE-CL-001"].Should().Be(fails.Length == 0 ? Outcome.Passed : Outcome.Failed);
    }

    [Test]
    public async Task A_page_served_over_https_under_its_own_host_name_with_another_ece_url_and_id_is_judged()
    {
        const string From = "https://ece.acme.example/system/egain/chat/entrypoint/chatAllowed/1027";
        var good = File.ReadAllText(PageFile("good.html").LocalPath);
        good.Should().Contain(From);
        var text = good.Replace(From, "https://chat.other.example:8443/webchat/chat/entrypoint/chatAllowed/77", StringComparison.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = SelfSigned.Certificate("www.acme.test");
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/support/", () => TypedResults.Content(text, "text/html"));
        await using var site = await ReferenceServer.LoopbackApp.StartAsync(app);

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "queue-full", "fault-500") with
        {
            Page = new Uri($"https://www.acme.test:{site.Url.Port}/support/"), EntryPoints = ["77"], HostRules = ["MAP www.acme.test 127.0.0.1"],
        }, EceSpec.Default, null, CancellationToken.None);

        steps.SelectMany(s => s.Calls).Should().OnlyContain(c => c.PageId == "77").And.NotBeEmpty();
        steps.Select(s => s.ButtonVisible).Should().Equal([true, false, false], "shown by default, hidden when the queue is full and on a 500");
        ButtonJudge.Judge(EceSpec.Default, steps).Single(f => f.Rule.Id == "ECE-CL-001").Outcome.Should().Be(Outcome.Passed);
    }

    /// <summary>GOV.UK's HMRC webchat script (MIT, Public/govuk-contacts-frontend/PROVENANCE.md), unchanged, with its own
    /// ECE URL (online.hmrc.gov.uk/webchatprod/egain/…) and entry point: it reads checkEligibility right and hides its
    /// button on a fault, but stops polling for good after one error, which the checker reports.</summary>
    [Test]
    public async Task A_real_public_script_unchanged_is_judged_and_its_known_defect_found()
    {
        var page = new Uri(RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Button", "Public", "govuk-contacts-frontend", "page.html"));

        var steps = await ButtonRun.RunAsync(Options("good.html", "default", "no-agents", "fault-500", "other-form", "recovery") with
        {
            Page = page, Button = ".js-webchat-open-button", Reason = null, Survey = [],
        }, EceSpec.Default, null, CancellationToken.None);
        var outcomes = ButtonJudge.Judge(EceSpec.Default, steps).ToDictionary(f => f.Rule.Id, f => f.Outcome);

        steps.SelectMany(s => s.Calls).Should().OnlyContain(c => c.Operation == "checkEligibility" && c.PageId == "1027");
        steps.Select(s => s.ButtonVisible).Should().Equal([true, false, false, true, false]);
        outcomes.Where(o => o.Value == Outcome.Failed).Select(o => o.Key).Should().Equal(["ECE-CL-007"], string.Join(", ", outcomes));
        outcomes["ECE-CL-001"].Should().Be(Outcome.Passed);
        outcomes["ECE-CL-003"].Should().Be(Outcome.Passed);
    }

    private static IEnumerable<string> Broken() => BrokenPages.All.Select(p => p.Name);

    [TestCaseSource(nameof(Broken))]
    public async Task A_broken_page_fails_exactly_its_rule(string name)
    {
        var page = BrokenPages.All.Single(p => p.Name == name);

        var outcomes = await Judge(Options("good.html", page.Steps) with { Page = BrokenPages.Write(page) });

        outcomes.Where(o => o.Value == Outcome.Failed).Select(o => o.Key).Should().Equal([page.Rule], string.Join(", ", outcomes));
    }

    [Test]
    public async Task The_command_exits_1_for_a_failed_must_rule_and_writes_a_report_with_a_screenshot_per_step()
    {
        var dir = Directory.CreateTempSubdirectory("ece-button").FullName;
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        var showsOnError = BrokenPages.All.Single(p => p.Rule == "ECE-CL-002");
        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "default", "fault-500") with { Page = BrokenPages.Write(showsOnError) }, dir, console, CancellationToken.None, ["markdown", "html", "json", "junit"]);

        exit.Should().Be(1, output.ToString());
        output.ToString().Should().Contain("ECE-CL-002 MUST failed");
        File.ReadAllText(Path.Combine(dir, "report.md")).Should().Contain("fault-500").And.Contain("step-fault-500.png")
            .And.Contain("What the page was answered: fault-500", "a failing step carries its exchanges").And.Contain("500 Internal Server Error");
        File.ReadAllText(Path.Combine(dir, "report.html")).Should().Contain("<svg class=\"timeline\"", "each step's timeline is drawn");
        new FileInfo(Path.Combine(dir, "step-fault-500.png")).Length.Should().BeGreaterThan(0);
        File.ReadAllText(Path.Combine(dir, "report.html")).Should().Contain("data:image/png;base64,", "the HTML report carries its screenshots");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        json.RootElement.GetProperty("verdict").GetProperty("exitCode").GetInt32().Should().Be(1);
        json.RootElement.GetProperty("exchanges").GetArrayLength().Should().BeGreaterThan(0, "the failing step's exchanges are in the JSON report");
        Reports.ReportTests.SchemaErrors(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))).Should().BeEmpty("a button check's report.json is the runner's schema, its target a page");
        File.ReadAllText(Path.Combine(dir, "report.junit.xml")).Should().Contain("ECE-CL-002");
    }

    private static (IAnsiConsole Console, StringWriter Output) Console()
    {
        var output = new StringWriter();
        return (AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors }), output);
    }

    [Test]
    public async Task A_button_selector_with_a_typo_is_exit_2_with_the_candidates_not_a_failing_rule()
    {
        var (console, output) = Console();

        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "default", "queue-full") with { Button = "#chta" }, Directory.CreateTempSubdirectory().FullName, console, CancellationToken.None);

        exit.Should().Be(2, output.ToString());
        output.ToString().Should().Contain("--button #chta matches no element").And.Contain("#chat (\"Chat with us\"").And.NotContain("ECE-CL-001");
    }

    [Test]
    public async Task A_reason_selector_that_matches_nothing_is_exit_2()
    {
        var (console, output) = Console();

        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "queue-full") with { Reason = "#reason-typo" }, Directory.CreateTempSubdirectory().FullName, console, CancellationToken.None);

        exit.Should().Be(2, output.ToString());
        output.ToString().Should().Contain("--reason #reason-typo");
    }

    [Test]
    public async Task A_page_that_does_not_load_is_exit_2_with_its_status()
    {
        var (console, output) = Console();
        await using var site = await ReferenceServer.LoopbackApp.ReferenceServerAsync("default", TimeProvider.System);

        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "default") with { Page = new Uri(site.Url, "/no-such-page.html") }, Directory.CreateTempSubdirectory().FullName, console, CancellationToken.None);

        exit.Should().Be(2, output.ToString());
        output.ToString().Should().Contain("404").And.Contain("--page");
    }

    [Test]
    public async Task A_page_that_asks_no_ece_is_exit_2_and_says_what_to_check()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "default") with { ApiPattern = "**/nothing/**", FirstRequest = TimeSpan.FromSeconds(2) }, Directory.CreateTempSubdirectory().FullName, console, CancellationToken.None);

        exit.Should().Be(2, output.ToString());
        output.ToString().Should().Contain("--api-pattern");
    }
}
