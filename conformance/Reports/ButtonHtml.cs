using System.Globalization;
using System.Text;
using Ece.Conformance.Button;
using Ece.Conformance.Running;
using static Ece.Conformance.Button.VisitJudge;

namespace Ece.Conformance.Reports;

/// <summary>The HTML report of a button check: one self-contained file (no script, no external resource; every text
/// from the page encoded): the verdict, the rules, each step as its screenshot and a timeline on the page's time, and
/// for the steps that show why a rule failed, what the page was answered.</summary>
internal static class ButtonHtml
{
    private const string StepsCss = """
        .steps { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; } .steps figure { margin: 0; }
        .steps figcaption { font-size: .85em; color: #57606a; } .steps b.shown { color: #1a7f37; } .steps b.hidden { color: #57606a; }
        svg.timeline { width: 100%; height: auto; font: 10px sans-serif; }
        pre.body { max-height: 8em; max-width: 40rem; overflow: auto; white-space: pre-wrap; word-break: break-all; } td code { word-break: break-all; }
        """;

    /// <summary>The most events a step's story tells.</summary>
    private const int MaxEvents = 24;

    public static string Render(RunResult run, IReadOnlyList<StepResult> steps, IReadOnlyList<StepSection> sections)
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
            {(ButtonReport.NotRun(run) is { } notRun ? $"<tr><th>Not run</th><td>{ReportText.Html(notRun)}</td></tr>" : "")}
            <tr><th>Time</th><td>{run.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {run.Duration.TotalSeconds:0} s, {steps.Count} steps, {Seconds(TimeSpan.FromTicks(steps.Sum(s => s.Duration.Ticks)))} of page time, {steps.Sum(s => s.Calls.Count)} requests</td></tr>
            </table>
            <p class="counts">{ReportText.Html(Verdicts.Counts(Summary.Count(run.Findings)))}</p>
            <h2>Rules</h2><table class="results"><tr><th>Rule</th><th>Level</th><th>The page…</th><th>Result</th><th>Finding</th></tr>
            """);
        foreach (var f in run.Findings)
        {
            var result = Verdicts.ResultOf(f);
            html.Append($"<tr class=\"{Verdicts.Css(result)}\"><td>{f.Rule.Id}</td><td>{f.Rule.LevelText}</td><td>{ReportText.Html(f.Rule.Requirement)}</td><td>{Verdicts.Label(result)}</td><td>{ReportText.Html(f.Message)}</td></tr>");
        }
        html.Append("</table>");
        Sections(html, sections);
        html.Append("<h2>Steps</h2><div class=\"steps\">");
        foreach (var s in steps)
        {
            var state = ButtonJudge.Shown(s.ButtonVisible);
            var picture = s.Screenshot.Length > 0 ? $"<img alt=\"{ReportText.Html(s.Step.Name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(s.Screenshot)}\">" : "<p>(no screenshot: the page did not paint in time)</p>";
            html.Append($"<figure>{picture}{Svg(s)}<figcaption><b>{ReportText.Html(s.Step.Name)}</b>: button <b class=\"{state}\">{state}</b>; {ReportText.Html(ButtonReport.Describe(s))}</figcaption></figure>");
        }
        return html.Append("</div></main></body></html>\n").ToString();
    }

    /// <summary>For each step that shows why a rule failed: its timeline, its story, the exchanges with a replay line.</summary>
    private static void Sections(StringBuilder html, IReadOnlyList<StepSection> sections)
    {
        foreach (var section in sections)
        {
            html.Append($"<h2>What the page was answered: {ReportText.Html(section.Step.Step.Name)}</h2>{Svg(section.Step)}<p>{ReportText.Html(Story(section.Step))}</p>");
            html.Append("<table class=\"results\"><tr><th>Page time</th><th>Request</th><th>Answer</th><th>Body as served</th></tr>");
            foreach (var (call, x) in section.Exchanges)
            {
                html.Append($"<tr><td>{Seconds(call.At)}</td><td>{ReportText.Html($"{call.Method} {call.Url}")}<br><small>Accept: {ReportText.Html(call.Accept ?? "(none)")}</small></td><td>{ReportText.Html(ButtonReport.Answer(call))}</td>"
                    + $"<td><pre class=\"body\">{ReportText.Html(call.Body ?? "(no body)")}</pre><small><code>{ReportText.Html(ButtonReport.ReplayLine(section.Step, call, x))}</code></small></td></tr>");
            }
            html.Append("</table>");
        }
    }

    /// <summary>The step's timeline in words: requests and their answers, the changes, the button, interruptions.</summary>
    public static string Story(StepResult step)
    {
        var events = step.Calls.Select(c => (c.At, Text: $"asked {c.Operation}: {(c.Fault ?? (c.Invites switch { true => "a chat can start", false => "no chat", null => $"{c.Status}" }))}"))
            .Concat(step.Changes.Select(c => (c.At, Text: $"ECE changed to {c.To}")))
            .Concat(Shifts(step).Select(s => (s.At, Text: $"button {ButtonJudge.Shown(s.Visible)}")))
            .Concat(step.Interruptions.Select(i => (i.At, Text: $"{i.Kind} \"{i.Text}\"")))
            .OrderBy(e => e.At).ToList();
        // A run of the same event (a poll answered the same way) is told once, with its span and count.
        var runs = new List<(TimeSpan From, TimeSpan To, string Text, int Count)>();
        foreach (var (at, text) in events)
        {
            if (runs.Count > 0 && runs[^1].Text == text)
            {
                runs[^1] = runs[^1] with { To = at, Count = runs[^1].Count + 1 };
            }
            else
            {
                runs.Add((at, at, text, 1));
            }
        }
        var told = string.Join("; ", runs.Take(MaxEvents).Select(r => r.Count == 1 ? $"{Seconds(r.From)} {r.Text}" : $"{Seconds(r.From)} to {Seconds(r.To)} {r.Text} (×{r.Count})"));
        return runs.Count > MaxEvents ? $"{told}; and {runs.Count - MaxEvents} more" : told;
    }

    /// <summary>The samples at which the button's state changed (the first included).</summary>
    private static IEnumerable<Sample> Shifts(StepResult step) =>
        step.Samples.Where((s, i) => i == 0 || step.Samples[i - 1].Visible != s.Visible);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An inline SVG of the step on the page's time: the button's state as a band, each request as a mark
    /// (green: a chat can start, grey: no chat, red: a fault), each change as a line.</summary>
    public static string Svg(StepResult step)
    {
        const double Width = 600, Left = 4;
        var end = Math.Max(step.Duration.TotalSeconds, 1);
        double At(TimeSpan t) => Left + (Width - 2 * Left) * Math.Clamp(t.TotalSeconds / end, 0, 1);
        string X(TimeSpan t) => N(At(t));
        var svg = new StringBuilder($"<svg class=\"timeline\" viewBox=\"0 0 {Width} 64\" role=\"img\" aria-label=\"{ReportText.Html(Story(step))}\">");
        var shifts = Shifts(step).ToList();
        for (var i = 0; i < shifts.Count; i++)
        {
            var until = i + 1 < shifts.Count ? shifts[i + 1].At : step.Duration;
            var fill = shifts[i].Visible switch { true => "#1a7f37", false => "#d0d7de", null => "#fff8c5" };
            svg.Append($"<rect x=\"{X(shifts[i].At)}\" y=\"6\" width=\"{N(Math.Max(1, At(until) - At(shifts[i].At)))}\" height=\"12\" fill=\"{fill}\"/>");
        }
        foreach (var call in step.Calls.Take(ApiRouter.MaxCalls))
        {
            var colour = call.Fault is not null ? "#cf222e" : call.Invites switch { true => "#1a7f37", false => "#57606a", null => "#9a6700" };
            svg.Append($"<line x1=\"{X(call.At)}\" x2=\"{X(call.At)}\" y1=\"22\" y2=\"34\" stroke=\"{colour}\" stroke-width=\"2\"/>");
        }
        foreach (var change in step.Changes)
        {
            svg.Append($"<line x1=\"{X(change.At)}\" x2=\"{X(change.At)}\" y1=\"2\" y2=\"38\" stroke=\"#0969da\" stroke-dasharray=\"3 2\"/><text x=\"{X(change.At)}\" y=\"48\" fill=\"#0969da\" text-anchor=\"{(change.At.TotalSeconds / end > 0.8 ? "end" : "start")}\">{ReportText.Html(change.To)}</text>");
        }
        return svg.Append($"<text x=\"{Left}\" y=\"62\" fill=\"#57606a\">0 s</text><text x=\"{Width - Left}\" y=\"62\" text-anchor=\"end\" fill=\"#57606a\">{Seconds(step.Duration)} (page time)</text></svg>").ToString();
    }
}
