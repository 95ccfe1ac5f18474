using System.Text;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>One self-contained HTML file a vendor can hand to a customer: no script, no external resource, every
/// text that came from the target encoded. A summary of what is not passing with links comes first, a filter (CSS
/// only) hides what passes, and every failure carries the curl command that replays it.</summary>
internal static class HtmlReport
{
    public static string Render(RunResult run, ReportModel model, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        var html = new StringBuilder(Head(run, model));
        html.Append($"<p class=\"counts\">{ReportText.Html(Verdicts.Counts(model.Summary))}</p>");
        html.Append("<p class=\"legend\">").Append(string.Join(" · ", Enum.GetValues<Result>().Select(r => $"<b>{Verdicts.Label(r)}</b>: {ReportText.Html(Verdicts.Meaning(r))}"))).Append("</p>");
        NotPassing(html, run);
        foreach (var note in run.Notes.Concat(run.StaleBaseline.Select(b => $"Stale baseline entry: {b} passes now; remove it from the baseline.")))
        {
            html.Append($"<p class=\"note\">{ReportText.Html(note)}</p>");
        }
        Latency(html, model.Latency);
        Screenshots(html, screenshots);
        var exchanges = run.Exchanges.ToDictionary(e => e.Id);
        foreach (var group in run.Findings.GroupBy(Verdicts.Group))
        {
            html.Append($"<h2>{ReportText.Html(group.Key)}</h2><table class=\"results\"><tr><th>Rule</th><th>Level</th><th>Entry point</th><th>Result</th><th>Requirement and finding</th></tr>");
            foreach (var f in group.OrderBy(f => f.Rule.Id))
            {
                html.Append(Row(f, exchanges));
            }
            html.Append("</table>");
        }
        Exchanges(html, run, exchanges);
        Rules(html, model.Rules);
        return html.Append("</main></body></html>\n").ToString();
    }

    /// <summary>The head, the verdict and the facts of the run: what was checked, when, with which tool and spec,
    /// and what customers see now.</summary>
    private static string Head(RunResult run, ReportModel model)
    {
        var (_, _, verdictClass) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ECE conformance: {ReportText.Html(run.Target.Url)} {ReportText.Html(run.Verdict.Word)}</title>
            <style>{HtmlStyles.Css}</style></head><body>
            <input type="checkbox" id="not-passing" hidden><main>
            <h1>ECE 11.6 chat API conformance report</h1>
            <p class="verdict {verdictClass}">{ReportText.Html(run.Verdict.Word)}</p>
            <p>{ReportText.Html(run.Verdict.Summary)}</p>
            <table class="facts">
            {TargetRows(run.Target)}
            <tr><th>Time</th><td>{model.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {model.DurationMs} ms, {run.Exchanges.Count} requests</td></tr>
            <tr><th>Tool</th><td>{ReportText.Html(model.Tool.Name)} {ReportText.Html(model.Tool.Version)}</td></tr>
            <tr><th>Spec</th><td>{ReportText.Html(model.Spec.Title)} {ReportText.Html(model.Spec.ApiVersion)}, spec revision {ReportText.Html(model.Spec.Revision)}, rules revision {ReportText.Html(model.Spec.RulesRevision)}</td></tr>
            {string.Concat((model.Now ?? []).Select(n => $"<tr><th>Customers now, entry point {ReportText.Html(n.EntryPoint)}</th><td>{Now(n)} <i>(not part of the verdict)</i></td></tr>"))}
            </table>
            """;
    }

    /// <summary>What is not passing, by rule, worst first, each place linked to its row; and the filter that hides the rest.</summary>
    private static void NotPassing(StringBuilder html, RunResult run)
    {
        var attention = Verdicts.NotPassingByRule(run.Findings);
        if (attention.Count == 0)
        {
            return;
        }
        html.Append("<h2>Not passing</h2><ul class=\"summary\">");
        foreach (var rule in attention)
        {
            var result = rule.Min(Verdicts.ResultOf);
            html.Append($"<li class=\"{Verdicts.Css(result)}\"><a href=\"#{rule.Key.Id}\">{rule.Key.Id}</a> {rule.Key.LevelText} <b>{Verdicts.Label(result)}</b>: {ReportText.Html(rule.Key.Requirement)} ")
                .Append(string.Join(", ", rule.Select(f => $"<a href=\"#{Anchor(f)}\">{ReportText.Html(f.Subject.Length == 0 ? "the run" : f.Subject)}</a>"))).Append("</li>");
        }
        html.Append("</ul><p class=\"filter\"><label for=\"not-passing\"><u>Show only what is not passing</u></label> (toggle)</p>");
    }

    private static void Latency(StringBuilder html, IReadOnlyList<LatencyInfo>? latency)
    {
        if (latency is not { Count: > 0 })
        {
            return;
        }
        html.Append("<h2>Latency</h2><table class=\"facts\"><tr><th>Operation</th><th>Answers</th><th>Median</th><th>Slowest</th></tr>");
        foreach (var l in latency)
        {
            html.Append($"<tr><td>{ReportText.Html(l.Operation)}</td><td>{l.Answers}</td><td>{l.MedianMs} ms</td><td>{l.MaxMs} ms</td></tr>");
        }
        html.Append("</table>");
    }

    /// <summary>The chat button as the browser checks drew it (caption → PNG in base64).</summary>
    private static void Screenshots(StringBuilder html, IReadOnlyDictionary<string, string>? screenshots)
    {
        if (screenshots is not { Count: > 0 })
        {
            return;
        }
        html.Append("<h2>Chat button in a browser</h2>");
        foreach (var (caption, png) in screenshots)
        {
            html.Append($"<figure><img alt=\"{ReportText.Html(caption)}\" src=\"data:image/png;base64,{png}\"><figcaption>{ReportText.Html(caption)}</figcaption></figure>");
        }
    }

    /// <summary>Each exchange a failing or unjudged finding points to, written once however many point to it: the
    /// report grows with the findings, not with the target's bytes.</summary>
    private static void Exchanges(StringBuilder html, RunResult run, Dictionary<int, Exchange> exchanges)
    {
        var shown = run.Findings.Where(f => f.Outcome is Outcome.Failed or Outcome.Untestable).SelectMany(f => f.Exchanges ?? []).Distinct().Order().ToList();
        if (shown.Count == 0)
        {
            return;
        }
        html.Append("<h2>Requests and responses</h2>");
        foreach (var id in shown)
        {
            html.Append(Exchange(exchanges[id]));
        }
    }

    /// <summary>Every rule with its level, requirement, reasoning and source quote in both languages.</summary>
    private static void Rules(StringBuilder html, IReadOnlyList<RuleInfo> rules)
    {
        html.Append("<h2>Rules</h2><table class=\"rules\"><tr><th>Rule</th><th>Level</th><th>Requirement</th><th>Source</th></tr>");
        foreach (var rule in rules)
        {
            html.Append($"<tr id=\"{rule.Id}\"><td>{rule.Id}</td><td>{rule.Level}</td><td>{ReportText.Html(rule.Requirement)}{(rule.Reasoning is null ? "" : $"<div class=\"why\">{ReportText.Html(rule.Provenance)}: {ReportText.Html(rule.Reasoning)}</div>")}</td>"
                + $"<td><div class=\"section\">{ReportText.Html(rule.Source.Section.En)} ({ReportText.Html(rule.Source.Section.Fr)})</div><q lang=\"fr\">{ReportText.Html(rule.Source.Fr)}</q><q lang=\"en\">{ReportText.Html(rule.Source.En)}</q></td></tr>");
        }
        html.Append("</table>");
    }

    /// <summary>What was checked, as rows of the facts table: a server with its base path, entry points and writes,
    /// or a page with the ids it asked for and the steps run.</summary>
    private static string TargetRows(CheckedTarget target) => target switch
    {
        RunTarget t => $"""
            <tr><th>Target</th><td>{ReportText.Html(t.Url)}{(t.Embedded ? " (embedded reference server, scenario " + ReportText.Html(t.Scenario ?? "") + ")" : "")}</td></tr>
            <tr><th>Base path</th><td>{ReportText.Html(t.BasePath)}</td></tr>
            <tr><th>Entry points</th><td>{ReportText.Html(string.Join(", ", t.EntryPoints))}; invalid entry point {ReportText.Html(t.InvalidEntryPoint)}</td></tr>
            <tr><th>Writes</th><td>{(t.AllowWrites ? "allowed: surveys marked as conformance tests were posted" : "none: read-only run")}</td></tr>
            """,
        RecordingTarget r => $"""
            <tr><th>Recording</th><td>{ReportText.Html(string.Join(", ", r.Recordings))}, recorded from {ReportText.Html(r.Url)}</td></tr>
            <tr><th>Base path</th><td>{ReportText.Html(r.BasePath)}</td></tr>
            <tr><th>Entry points</th><td>{ReportText.Html(string.Join(", ", r.EntryPoints))}; invalid entry point {ReportText.Html(r.InvalidEntryPoint)}</td></tr>
            <tr><th>Writes</th><td>none: the recording's answers were judged</td></tr>
            """,
        PageTarget p => $"""
            <tr><th>Page</th><td>{ReportText.Html(p.Url)}</td></tr>
            <tr><th>Entry points</th><td>{ReportText.Html(string.Join(", ", p.EntryPoints))} (the page's own ids)</td></tr>
            <tr><th>Steps</th><td>{ReportText.Html(string.Join(", ", p.Steps))}</td></tr>
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static string Anchor(Finding f) => $"f-{f.Rule.Id}-{f.Operation}-{f.EntryPoint}".Replace(' ', '_');

    private static string Row(Finding f, Dictionary<int, Exchange> exchanges)
    {
        var result = Verdicts.ResultOf(f);
        var row = new StringBuilder($"<tr id=\"{ReportText.Html(Anchor(f))}\" class=\"{Verdicts.Css(result)}\"><td><a href=\"#{f.Rule.Id}\">{f.Rule.Id}</a></td><td>{f.Rule.LevelText}</td><td>{ReportText.Html(f.EntryPoint ?? "")}</td><td>{Verdicts.Label(result)}</td>"
            + $"<td>{ReportText.Html(f.Rule.Requirement)}<div class=\"finding\">{ReportText.Html(f.Message)}</div>");
        if (f.Outcome is Outcome.Failed or Outcome.Untestable)
        {
            if (f.Expected is not null || f.Actual is not null)
            {
                row.Append($"<table class=\"diff\"><tr><th>Expected</th><td><pre>{ReportText.Html(f.Expected ?? "")}</pre></td></tr><tr><th>Actual</th><td><pre>{ReportText.Html(f.Actual ?? "")}</pre></td></tr></table>");
            }
            if (f.Exchanges is { Count: > 0 } ids)
            {
                row.Append("<div class=\"refs\">").Append(string.Join(" ", ids.Select(id => $"<a href=\"#x{id}\">request #{id}</a>"))).Append("</div>");
                if (exchanges.TryGetValue(ids[0], out var first) && first.Attempts > 0)
                {
                    row.Append($"<pre class=\"replay\">{ReportText.Html(Replay.Curl(first))}</pre>");
                }
            }
        }
        return row.Append("</td></tr>").ToString();
    }

    private static string Exchange(Exchange x)
    {
        var request = $"{x.Method} {x.Url}\n" + string.Join("\n", x.RequestHeaders.Select(h => $"{h.Key}: {h.Value}")) + (x.RequestBody is null ? "" : "\n\n" + x.RequestBody);
        var response = x.Status is null
            ? $"{x.Failure}: {x.Error}"
            : $"{x.Status} {x.ReasonPhrase}\n" + string.Join("\n", x.ResponseHeaders.Select(h => $"{h.Key}: {h.Value}")) + "\n\n" + Body(x);
        return $"<details id=\"x{x.Id}\"><summary>Request #{x.Id}: {ReportText.Html(x.Describe())} ({x.ElapsedMs} ms{(x.Attempts > 1 ? $", {x.Attempts} attempts" : "")})</summary>"
            + $"<div class=\"exchange\"><h4>Request</h4><pre>{ReportText.Html(ReportText.Xml(request))}</pre><h4>Response</h4><pre>{ReportText.Html(ReportText.Xml(response))}</pre></div></details>";
    }


    private static string Body(Exchange x) => x.BodyTruncated
        ? $"{x.Body}\n… (more than {x.BodyBytesRead - 1} bytes; the rest was not read)"
        : x.Body ?? "";

    /// <summary>What customers see now at an entry point: whether a chat can start in bold, then the rest.</summary>
    private static string Now(CustomersNow now)
    {
        var cut = now.Says.IndexOf("; ", StringComparison.Ordinal);
        var (head, rest) = cut < 0 ? (now.Says, "") : (now.Says[..cut], now.Says[cut..]);
        return $"<b class=\"{(now.ChatCanStart == true ? "shown" : "hidden")}\">{ReportText.Html(head)}</b>{ReportText.Html(rest)}";
    }
}
