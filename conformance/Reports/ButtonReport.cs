using System.Text;
using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

/// <summary>The reports of a button check, in the runner's formats: a button check is a run whose target is a page,
/// whose findings are the ECE-CL rules, and whose notes say what each step showed. So the JSON (same schema), JUnit
/// and HTML reports are the runner's own; the Markdown report adds the table of steps, and the HTML report embeds a
/// screenshot per step.</summary>
internal static class ButtonReport
{
    public static readonly IReadOnlyList<string> Formats = ["markdown", "html", "json", "junit"];

    public static RunResult Result(ButtonOptions options, IReadOnlyList<StepResult> steps, IReadOnlyList<Finding> findings, DateTimeOffset started, TimeSpan duration)
    {
        var ids = steps.SelectMany(s => s.Calls).Select(c => c.PageId).Where(i => i.Length > 0).Distinct().Order(StringComparer.Ordinal).Take(20).ToList();
        var target = new RunTarget(options.Page.ToString(), "(the page's own ECE URL)", ids, "", Embedded: true, AllowWrites: false, Scenario: "each step's");
        var notes = steps.Select(s => $"Step {s.Step.Name}: {Describe(s)}.").Prepend(
            $"A button check: the page was opened in headless Chromium once per step, its ECE requests ({options.ApiPattern}) answered by the embedded reference server in the step's state or fault.").ToList();
        return new RunResult(target, started, duration, findings, [], [], Verdict.Of(findings, []), notes);
    }

    /// <summary>What one step showed, in one line: the requests, the answers, the button.</summary>
    public static string Describe(StepResult s)
    {
        var calls = Requests(s);
        return $"{(calls.Length == 0 ? "no request" : calls)}; answers say {Says(s)}; shortest interval {Interval(s)}; button {ButtonJudge.Shown(s.ButtonVisible)}"
            + (s.Errors.Count > 0 ? $"; script error: {s.Errors[0]}" : "") + (s.NotClicked is { } click ? $"; could not click {click}" : "");
    }

    /// <summary>The page's requests in a step, counted by operation, Accept and query.</summary>
    private static string Requests(StepResult s) =>
        string.Join("; ", s.Calls.GroupBy(c => (c.Operation, c.Accept, c.Query)).Select(g => $"{g.Count()} × {g.Key.Operation} ({g.Key.Accept ?? "no Accept"}{(g.Key.Query.Length > 0 ? ", " + g.Key.Query : "")})"));

    private static string Says(StepResult s) => ButtonJudge.Expected(s) switch { true => "a chat can start", false => "no chat", null => "nothing readable" };

    private static string Interval(StepResult s) => ButtonJudge.ShortestInterval(s) is { } i ? $"{i.TotalSeconds:0.0} s" : "none (one request each)";

    /// <summary>Writes the reports among <paramref name="formats"/> and a screenshot per step; returns the reports' paths.</summary>
    public static IReadOnlyList<string> Write(RunResult run, IReadOnlyList<StepResult> steps, string directory, IReadOnlyCollection<string> formats)
    {
        var written = ReportWriter.Write(run, ReportModel.From(run, EceSpec.Default), directory, formats.Where(f => f is "json" or "junit").ToList()).ToList();
        foreach (var step in steps.Where(s => s.Screenshot.Length > 0))
        {
            File.WriteAllBytes(Path.Combine(directory, Screenshot(step)), step.Screenshot);
        }
        if (formats.Contains("html"))
        {
            var path = Path.Combine(directory, "report.html");
            File.WriteAllText(path, Html(run, steps));
            written.Add(path);
        }
        if (formats.Contains("markdown"))
        {
            var path = Path.Combine(directory, "report.md");
            File.WriteAllText(path, Markdown(run, steps));
            written.Add(path);
        }
        return written;
    }

    private static string Screenshot(StepResult step) => $"step-{step.Step.Name}.png";

    /// <summary>One self-contained HTML file (no script, no external resource; every text from the page encoded):
    /// the verdict, the rules, then each step as its screenshot with what it showed.</summary>
    private const string StepsCss = """
        .steps { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; } .steps figure { margin: 0; }
        .steps figcaption { font-size: .85em; color: #57606a; } .steps b.shown { color: #1a7f37; } .steps b.hidden { color: #57606a; }
        """;

    public static string Html(RunResult run, IReadOnlyList<StepResult> steps)
    {
        var (_, _, verdictClass) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        var html = new StringBuilder($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Chat button check: {ReportText.Html(run.Target.Url)} {ReportText.Html(run.Verdict.Word)}</title>
            <style>{HtmlStyles.Css}{StepsCss}</style></head><body><main>
            <h1>Chat button check</h1>
            <p class="verdict {verdictClass}">{ReportText.Html(run.Verdict.Word)}</p>
            <p>{ReportText.Html(run.Verdict.Summary)}</p>
            <table class="facts">
            <tr><th>Page</th><td>{ReportText.Html(run.Target.Url)}</td></tr>
            <tr><th>Entry points</th><td>{ReportText.Html(run.Target.EntryPoints.Count == 0 ? "none asked" : string.Join(", ", run.Target.EntryPoints))} (the page's own ids)</td></tr>
            <tr><th>How</th><td>{ReportText.Html(run.Notes[0])}</td></tr>
            <tr><th>Time</th><td>{run.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {run.Duration.TotalSeconds:0} s, {steps.Count} steps, {steps.Sum(s => s.Calls.Count)} requests</td></tr>
            </table>
            <p class="counts">{ReportText.Html(Verdicts.Counts(Summary.Of(run.Findings)))}</p>
            <h2>Rules</h2><table class="results"><tr><th>Rule</th><th>Level</th><th>The page…</th><th>Result</th><th>Finding</th></tr>
            """);
        foreach (var f in run.Findings)
        {
            var result = Verdicts.Of(f);
            html.Append($"<tr class=\"{Verdicts.Css(result)}\"><td>{f.Rule.Id}</td><td>{f.Rule.LevelText}</td><td>{ReportText.Html(f.Rule.Requirement)}</td><td>{Verdicts.Label(result)}</td><td>{ReportText.Html(f.Message)}</td></tr>");
        }
        html.Append("</table><h2>Steps</h2><div class=\"steps\">");
        foreach (var s in steps)
        {
            var state = ButtonJudge.Shown(s.ButtonVisible);
            var picture = s.Screenshot.Length > 0 ? $"<img alt=\"{ReportText.Html(s.Step.Name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(s.Screenshot)}\">" : "<p>(no screenshot: the page did not paint in time)</p>";
            html.Append($"<figure>{picture}<figcaption><b>{ReportText.Html(s.Step.Name)}</b>: button <b class=\"{state}\">{state}</b>; {ReportText.Html(Describe(s))}</figcaption></figure>");
        }
        return html.Append("</div></main></body></html>\n").ToString();
    }

    public static string Markdown(RunResult run, IReadOnlyList<StepResult> steps)
    {
        var (_, mark, _) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        var text = new StringBuilder($"## {mark}: chat button of {ReportText.Cell(run.Target.Url)}, {run.Verdict.Word}\n\n")
            .AppendLine(ReportText.Cell(run.Verdict.Summary)).AppendLine()
            .AppendLine(ReportText.Cell(Verdicts.Counts(Summary.Of(run.Findings))) + ".").AppendLine()
            .AppendLine("| Rule | Level | Result | Finding |").AppendLine("|---|---|---|---|");
        foreach (var f in run.Findings)
        {
            text.AppendLine($"| {f.Rule.Id} | {f.Rule.LevelText} | {Verdicts.Label(Verdicts.Of(f))} | {ReportText.Cell(f.Message)} |");
        }
        text.AppendLine().AppendLine("| Step | Requests (operation, Accept, query) | Shortest interval | Answers say | Button | Screenshot |").AppendLine("|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            var calls = Requests(s);
            var shot = s.Screenshot.Length > 0 ? $"![{s.Step.Name}]({Screenshot(s)})" : "none (the page did not paint in time)";
            text.AppendLine($"| {s.Step.Name} | {ReportText.Cell(calls)} | {Interval(s)} | {Says(s)} | {ButtonJudge.Shown(s.ButtonVisible)} | {shot} |");
        }
        return text.ToString();
    }
}
