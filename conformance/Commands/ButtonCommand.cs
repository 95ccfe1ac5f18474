using System.CommandLine;
using System.Text;
using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Conformance.Reports;
using Ece.Spec;
using Microsoft.Playwright;
using Spectre.Console;

namespace Ece.Conformance.Commands;

/// <summary>button --page URL --button SELECTOR: a team's own chat-button page in headless Chromium, with its ECE
/// requests answered by the reference server in every state and fault, judged by the ECE-CL rules. Exit 0 when every
/// MUST rule held, 1 when one failed, 2 when the page could not be tested (not found, no request, no Chromium).</summary>
internal static class ButtonCommand
{
    private static readonly Option<string> Page = new("--page") { Description = "The page to check: http, https or file:// (it keeps its own ECE URL; its ECE requests are answered here).", Required = true };
    private static readonly Option<string> ButtonSelector = new("--button") { Description = "CSS or Playwright selector of the chat button, such as #chat-button.", Required = true };
    private static readonly Option<string?> Reason = new("--reason") { Description = "Selector of the element that says why no chat can start (ECE-CL-004)." };
    private static readonly Option<string[]> EntryPoint = new("--entry-point") { Description = "Ids the page asks for that count as the scenario's entry point (default: every id); others are answered as unknown." };
    private static readonly Option<string> ApiPattern = new("--api-pattern") { Description = "Which of the page's requests are its ECE's (a Playwright URL glob).", DefaultValueFactory = _ => ButtonOptions.DefaultApiPattern };
    private static readonly Option<string[]> Step = new("--step") { Description = "Run only these steps (a scenario's name, fault-500, fault-slow, fault-malformed, fault-refused, fault-reset, other-form, recovery); repeatable." };
    private static readonly Option<double> Settle = new("--settle") { Description = "Seconds the page is given after its first request to its ECE before it is judged.", DefaultValueFactory = _ => 3 };
    private static readonly Option<double> PageTimeout = new("--page-timeout") { Description = "Seconds the page waits for an answer at most; the fault-slow step never answers and watches this long.", DefaultValueFactory = _ => 6 };
    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Where to write button-report.md and a screenshot per step.", DefaultValueFactory = _ => "button-report" };
    private static readonly Option<string?> ChromiumPath = new("--chromium") { Description = "Chromium to use (default: the first of /usr/bin/chromium, chromium-browser, google-chrome)." };

    public static Command Create()
    {
        var command = new Command("button", "Checks a chat-button page in every ECE state and fault: does the button show exactly when a chat can start?");
        foreach (var option in new Option[] { Page, ButtonSelector, Reason, EntryPoint, ApiPattern, Step, Settle, PageTimeout, ReportDir, ChromiumPath })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancel) => ExecuteAsync(new ButtonOptions
        {
            Page = PageUri(parse.GetValue(Page)!),
            Button = parse.GetValue(ButtonSelector)!,
            Reason = parse.GetValue(Reason),
            EntryPoints = parse.GetValue(EntryPoint) ?? [],
            ApiPattern = parse.GetValue(ApiPattern)!,
            Steps = parse.GetValue(Step) ?? [],
            Settle = RunOptions.Seconds(parse.GetValue(Settle), "--settle", 60),
            PageTimeout = RunOptions.Seconds(parse.GetValue(PageTimeout), "--page-timeout", 120),
            Chromium = parse.GetValue(ChromiumPath),
        }, parse.GetValue(ReportDir)!, AnsiConsole.Console, cancel));
        return command;
    }

    private static Uri PageUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file" ? uri
        : File.Exists(value) ? new Uri(Path.GetFullPath(value))
        : throw new UsageException($"--page must be an http, https or file:// URL (or a file), not '{value}'.");

    public static async Task<int> ExecuteAsync(ButtonOptions options, string reportDir, IAnsiConsole console, CancellationToken cancel)
    {
        var spec = EceSpec.Default;
        IReadOnlyList<StepResult> steps;
        try
        {
            console.MarkupLine($"Checking the chat button [bold]{Markup.Escape(options.Button)}[/] of {Markup.Escape(options.Page.ToString())} in every ECE state (headless Chromium).");
            steps = await ButtonRun.RunAsync(options, spec, new Progress<string>(line => console.MarkupLine($"[grey]  {Markup.Escape(line)}[/]")), cancel);
        }
        catch (Exception e) when (e is UsageException or PlaywrightException or TimeoutException)
        {
            console.MarkupLine($"[yellow]COULD NOT TEST[/]: {Markup.Escape(e is PlaywrightException ? "the page could not be opened: " + e.Message.Split('\n')[0] : e.Message)} (exit 2)");
            return 2;
        }
        if (steps.All(s => s.Calls.Count == 0))
        {
            console.MarkupLine($"[yellow]COULD NOT TEST[/]: the page made no request matching --api-pattern {Markup.Escape(options.ApiPattern)} in any step. Check the pattern, or that the page polls its ECE on load. (exit 2)");
            return 2;
        }
        var findings = ButtonJudge.Judge(spec, steps);
        Directory.CreateDirectory(reportDir);
        await File.WriteAllTextAsync(Path.Combine(reportDir, "button-report.md"), Markdown(options, steps, findings), cancel);
        foreach (var step in steps)
        {
            await File.WriteAllBytesAsync(Path.Combine(reportDir, $"step-{step.Step.Name}.png"), step.Screenshot, cancel);
        }
        foreach (var f in findings.Where(f => f.Outcome != Outcome.Skipped))
        {
            var result = Verdicts.Of(f);
            console.MarkupLine($"[{Verdicts.Colour(result)}]{Markup.Escape(Verdicts.Mark(result))}[/] {f.Rule.Id} {f.Rule.LevelText} {Verdicts.Label(result)}: {Markup.Escape(ReportText.Line(f.Message, 300))}");
        }
        var exit = findings.Any(f => f.FailsGate) ? 1 : 0;
        var (colour, mark, _) = Verdicts.OfVerdict(exit);
        console.MarkupLine($"[bold {colour}]{mark}[/]: {Markup.Escape(Verdicts.Counts(Summary.Of(findings)))}. (exit {exit})");
        console.MarkupLine($"report: {Markup.Escape(Path.Combine(reportDir, "button-report.md"))}");
        return exit;
    }

    private static string Markdown(ButtonOptions options, IReadOnlyList<StepResult> steps, IReadOnlyList<Finding> findings)
    {
        var text = new StringBuilder($"## Chat button of {ReportText.Cell(options.Page.ToString())}: `{ReportText.Code(options.Button)}`\n\n")
            .AppendLine("| Rule | Level | Result | Finding |").AppendLine("|---|---|---|---|");
        foreach (var f in findings)
        {
            text.AppendLine($"| {f.Rule.Id} | {f.Rule.LevelText} | {Verdicts.Label(Verdicts.Of(f))} | {ReportText.Cell(f.Message)} |");
        }
        text.AppendLine().AppendLine("| Step | Requests (operation, Accept, query) | Shortest interval | Answers say | Button | Screenshot |").AppendLine("|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            var calls = string.Join("; ", s.Calls.GroupBy(c => (c.Operation, c.Accept, c.Query)).Select(g => $"{g.Count()} × {g.Key.Operation} ({g.Key.Accept ?? "no Accept"}{(g.Key.Query.Length > 0 ? ", " + g.Key.Query : "")})"));
            var says = ButtonJudge.Expected(s) switch { true => "a chat can start", false => "no chat", null => "nothing readable" };
            var interval = ButtonJudge.ShortestInterval(s) is { } i ? $"{i.TotalSeconds:0.0} s" : "one request each";
            text.AppendLine($"| {s.Step.Name} | {ReportText.Cell(calls)} | {interval} | {says} | {(s.ButtonVisible ? "shown" : "hidden")} | ![{s.Step.Name}](step-{s.Step.Name}.png) |");
        }
        return text.ToString();
    }
}
