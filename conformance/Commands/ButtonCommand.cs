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
    private static readonly Option<string> Page = new("--page") { Description = $"The page to check: http, https or file:// (it keeps its own ECE URL; its ECE requests are answered here), or '{SamplePage}': the sample chat-button page the reference server serves.", Required = true };
    private static readonly Option<string?> ButtonSelector = new("--button") { Description = "CSS or Playwright selector of the chat button, such as #chat-button (needed unless --page sample)." };

    /// <summary>The word --page takes for the reference server's own sample page.</summary>
    private const string SamplePage = "sample";
    private static readonly Option<string?> Reason = new("--reason") { Description = "Selector of the element that says why no chat can start (ECE-CL-004)." };
    private static readonly Option<string?> Wait = new("--wait") { Description = "Selector of an element the page draws once its chat widget is ready: each step is judged after it appears (within 60 s of the page's time)." };
    private static readonly Option<string[]> EntryPoint = new("--entry-point") { Description = "Ids the page asks for that count as the scenario's entry point (default: every id); others are answered as unknown." };
    private static readonly Option<string> ApiPattern = new("--api-pattern") { Description = "Which of the page's requests are its ECE's (a Playwright URL glob).", DefaultValueFactory = _ => ButtonOptions.DefaultApiPattern };
    private static readonly Option<string[]> Step = new("--step") { Description = $"Run only these steps (a scenario's name, such as {ButtonStep.Default} or queue-full - each also changes ECE's state under the open page and back - or {string.Join(", ", ButtonStep.Names.Select(n => n.Name))}); repeatable." };
    private static readonly Option<double> Settle = new("--settle") { Description = "Seconds of the page's time it is given after its first request, or a change, before it is judged.", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> PageTimeout = new("--page-timeout") { Description = "Seconds of the page's time it may wait for an answer; the fault-slow step never answers and watches this long.", DefaultValueFactory = _ => 30 };
    private static readonly Option<double> FollowWithin = new("--follow-within") { Description = "Seconds of the page's time its button has to follow a change of ECE's state during a visit (ECE-CL-010).", DefaultValueFactory = _ => 60 };
    private static readonly Option<string[]> Replay = new("--replay") { Description = "HAR files of production (a browser's \"Save all as HAR\", or record): adds the replay step, which answers the page with the recorded answers byte for byte; repeatable." };
    private static readonly Option<string[]> Survey = new("--survey") { Description = "What to click, in order, to send the page's survey (say the chat button, then the survey's submit button): adds the survey step (ECE-CL-009); repeatable." };
    private static readonly Option<string[]> Format = new("--format") { Description = $"Reports to write: {string.Join(", ", ButtonReport.Formats)} (default {string.Join(", ", ButtonReport.DefaultFormats)}); repeatable or comma-separated." };
    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Where to write the reports and a screenshot per step.", DefaultValueFactory = _ => "button-report" };
    private static readonly Option<string[]> HostRule = new("--host-rule") { Description = "A Chromium host resolver rule, such as 'MAP www.acme.com 127.0.0.1': open the page served here under its production host name; repeatable." };
    private static readonly Option<string?> ChromiumPath = new("--chromium") { Description = "Chromium to use (default: the first of /usr/bin/chromium, chromium-browser, google-chrome)." };

    public static Command Create()
    {
        var command = new Command("button", """
            Checks a chat-button page in every ECE state and fault, and over a visit while ECE's state changes under it:
            does the button show exactly when a chat can start? The page keeps its own ECE URL; its requests are answered
            here. Its time runs on a virtual clock, so minutes of a visit take seconds. Exit 0 every MUST rule held,
            1 one failed, 2 the page could not be tested (the message says which option to change).

            Examples:
              ./run-conformance.sh button --page sample                                the sample page, every step
              ./run-conformance.sh button --page https://www.example.com/support --button '#chat-button' --reason '#chat-closed'
              ./run-conformance.sh button --page ./my-page.html --button '.chat-launcher' --entry-point 1027 --step default --step fault-and-back
              ./run-conformance.sh button --page https://www.example.com:8443/support --host-rule 'MAP www.example.com 127.0.0.1' --button '#chat' --format markdown,html,json,junit
            """);
        foreach (var option in new Option[] { Page, ButtonSelector, Reason, Wait, EntryPoint, ApiPattern, Step, Survey, Replay, Settle, PageTimeout, FollowWithin, Format, ReportDir, HostRule, ChromiumPath })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancel) =>
        {
            if (!Browser.BrowserSupport.IsAvailable)
            {
                return Task.FromResult(Browser.BrowserSupport.HandOver());
            }
            ButtonOptions options;
            IReadOnlyList<string> formats;
            try
            {
                options = Read(parse);
                formats = RunOptions.ParseFormats(parse.GetValue(Format), ButtonReport.Formats, ButtonReport.DefaultFormats);
            }
            catch (UsageException e)
            {
                AnsiConsole.MarkupLine($"[yellow]COULD NOT TEST[/]: {Markup.Escape(e.Shown)} (exit 2)");
                return Task.FromResult(2);
            }
            return InterruptibleAsync(parse.GetValue(Page) == SamplePage
                ? SampleAsync(options, parse.GetValue(ReportDir)!, formats, cancel)
                : ExecuteAsync(options, parse.GetValue(ReportDir)!, AnsiConsole.Console, cancel, formats), cancel);
        });
        return command;
    }

    /// <summary>Ctrl+C or SIGTERM stops the steps: the run says so and exits 2 (README, exit codes), not as an internal
    /// error with a stack trace.</summary>
    private static async Task<int> InterruptibleAsync(Task<int> run, CancellationToken cancel)
    {
        try
        {
            return await run;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]COULD NOT TEST[/]: interrupted (Ctrl+C or SIGTERM) before every step was judged: no verdict. (exit 2)");
            return 2;
        }
    }

    /// <summary>The sample page, served by a reference server of its own, with its button and reason by the spec's contract.</summary>
    private static async Task<int> SampleAsync(ButtonOptions options, string reportDir, IReadOnlyList<string> formats, CancellationToken cancel)
    {
        var contract = EceSpec.Default.ChatButton;
        await using var site = await ReferenceServer.LoopbackApp.ReferenceServerAsync(ReferenceServer.ReferenceServerApp.DefaultScenario, options.Time, cancel: cancel);
        var page = contract.Url(site.Url, EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await ExecuteAsync(options with { Page = page, Button = options.Button.Length > 0 ? options.Button : "#" + contract.Button, Reason = options.Reason ?? "#" + contract.ReasonText },
            reportDir, AnsiConsole.Console, cancel, formats);
    }

    /// <summary>--replay's files, read once now: one that is no HAR, or holds no answer, is refused before any step.</summary>
    private static IReadOnlyList<string> ReplayFiles(string[]? given)
    {
        if (given is not { Length: > 0 })
        {
            return [];
        }
        var files = Har.HarRun.Files(given);
        _ = Har.HarRun.Read(files);
        return files;
    }

    private static ButtonOptions Read(ParseResult parse) => new()
    {
        Page = parse.GetValue(Page) == SamplePage ? new Uri("about:blank") : PageUri(parse.GetValue(Page)!),
        Button = parse.GetValue(ButtonSelector) ?? (parse.GetValue(Page) == SamplePage ? "" : throw new UsageException("--button SELECTOR is needed: the chat button's CSS or Playwright selector, such as '#chat-button'.")),
        Reason = parse.GetValue(Reason),
        Wait = parse.GetValue(Wait),
        EntryPoints = parse.GetValue(EntryPoint) ?? [],
        ApiPattern = parse.GetValue(ApiPattern)!,
        Steps = parse.GetValue(Step) ?? [],
        Replay = ReplayFiles(parse.GetValue(Replay)),
        Survey = parse.GetValue(Survey) ?? [],
        Settle = RunOptions.Seconds(parse.GetValue(Settle), "--settle", 60),
        PageTimeout = RunOptions.Seconds(parse.GetValue(PageTimeout), "--page-timeout", 120),
        FollowWithin = RunOptions.Seconds(parse.GetValue(FollowWithin), "--follow-within", 600),
        Chromium = parse.GetValue(ChromiumPath),
        HostRules = parse.GetValue(HostRule) ?? [],
        Time = TimeProvider.System, // the composition root: a check from the command line is on the system clock
    };

    private static Uri PageUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file" ? (uri.IsFile && !File.Exists(uri.LocalPath) ? throw new UsageException($"--page {value}: no such file.") : uri)
        : File.Exists(value) ? new Uri(Path.GetFullPath(value))
        : throw new UsageException($"--page must be an http, https or file:// URL, or a file that exists, not '{value}'.");

    public static async Task<int> ExecuteAsync(ButtonOptions options, string reportDir, IAnsiConsole console, CancellationToken cancel, IReadOnlyList<string>? formats = null)
    {
        var spec = EceSpec.Default;
        var started = options.Time.GetUtcNow();
        var clock = options.Time.GetTimestamp();
        IReadOnlyList<StepResult> steps;
        try
        {
            ReportWriter.EnsureWritable(reportDir);
            console.MarkupLine($"Checking the chat button [bold]{Markup.Escape(options.Button)}[/] of {Markup.Escape(options.Page.ToString())} in every ECE state and over a visit (headless Chromium, the page's clock run forward).");
            steps = await ButtonRun.RunAsync(options, spec, new Progress<string>(line => console.MarkupLine($"[grey]  {Markup.Escape(line)}[/]")), cancel);
        }
        catch (Exception e) when (e is UsageException or PlaywrightException or TimeoutException)
        {
            console.MarkupLine($"[yellow]COULD NOT TEST[/]: {Markup.Escape(e switch { PlaywrightException => "the page could not be opened: " + e.Message.Split('\n')[0], UsageException u => u.Shown, _ => e.Message })} (exit 2)");
            return 2;
        }
        if (ButtonDiagnosis.Find(options, steps) is { } mistake)
        {
            console.MarkupLine($"[yellow]COULD NOT TEST[/]: {Markup.Escape(mistake)} (exit 2)");
            return 2;
        }
        var judged = ButtonJudge.JudgeAll(spec, steps, ButtonRun.NotRun(options, steps), ButtonRun.NotRunSteps(options, steps));
        var run = ButtonReport.Result(options, steps, judged, started, options.Time.GetElapsedTime(clock));
        var written = ButtonReport.Write(run, steps, judged, reportDir, formats ?? ButtonReport.Formats);
        foreach (var f in run.Findings.Where(f => f.Outcome != Outcome.Skipped))
        {
            var result = Verdicts.ResultOf(f);
            console.MarkupLine($"[{Verdicts.Colour(result)}]{Markup.Escape(Verdicts.Mark(result))}[/] {f.Rule.Id} {f.Rule.LevelText} {Verdicts.Label(result)}: {Markup.Escape(ReportText.Printable(f.Message))}");
        }
        console.MarkupLine(Markup.Escape(Verdicts.Counts(Summary.Count(run.Findings))) + ".");
        ConsoleReport.WriteVerdict(console, run.Verdict); // the runner's own verdict line
        foreach (var path in written)
        {
            console.MarkupLine($"[grey]report: {Markup.Escape(path)}[/]");
        }
        return run.Verdict.ExitCode;
    }
}
