using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Conformance.Commands;
using Ece.Spec;
using Spectre.Console;

namespace Ece.Conformance.Tests.Button;

/// <summary>Pages as web teams write them, each calling its own ECE URL (https://ece.acme.example/…, which does not
/// exist: every request is answered by the reference server through Chromium's request routing). The good page
/// passes every rule; each broken one fails exactly its rule, in the steps that show it.</summary>
[NonParallelizable]
public class ButtonRunTests
{
    private static Uri PageFile(string name) => new(RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Button", "Pages", name));

    private static ButtonOptions Options(string page, params string[] steps) => new()
    {
        Page = PageFile(page),
        Button = "#chat",
        Reason = "#why",
        Steps = steps,
        Settle = TimeSpan.FromSeconds(2),
        PageTimeout = TimeSpan.FromSeconds(3),
    };

    private static async Task<Dictionary<string, Outcome>> Judge(ButtonOptions options)
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
        await using var site = await ReferenceServer.LoopbackApp.ReferenceServerAsync("default");
        var page = EceSpec.Default.ChatButton.Url(site.Url, "1000", poll: TimeSpan.FromSeconds(1), timeout: TimeSpan.FromSeconds(2));
        var contract = EceSpec.Default.ChatButton;

        var outcomes = await Judge(Options("good.html", "default", "queue-full", "inactive-entry-point", "fault-500", "fault-slow", "other-form", "recovery") with
        {
            Page = page, Button = "#" + contract.Button, Reason = "#" + contract.ReasonText,
        });

        outcomes.Should().OnlyContain(o => o.Value == Outcome.Passed, string.Join(", ", outcomes));
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
        var exit = await ButtonCommand.ExecuteAsync(Options("good.html", "default", "fault-500") with { Page = BrokenPages.Write(showsOnError) }, dir, console, CancellationToken.None);

        exit.Should().Be(1, output.ToString());
        output.ToString().Should().Contain("ECE-CL-002 MUST failed");
        File.ReadAllText(Path.Combine(dir, "button-report.md")).Should().Contain("fault-500").And.Contain("step-fault-500.png");
        new FileInfo(Path.Combine(dir, "step-fault-500.png")).Length.Should().BeGreaterThan(0);
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
