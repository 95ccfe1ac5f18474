using System.Text;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>One self-contained HTML file a vendor can hand to a customer: no script, no external resource, every
/// text that came from the target encoded. A summary of what is not passing with links comes first, a filter (CSS
/// only) hides what passes, and every failure carries the curl command that replays it.</summary>
public static class HtmlReport
{
    public static string Render(RunResult run, ReportModel model, IReadOnlyDictionary<string, string>? screenshots = null)
    {
        var html = new StringBuilder();
        var (_, _, verdictClass) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ECE conformance: {HtmlEncode(run.Target.Url)} {HtmlEncode(run.Verdict.Word)}</title>
            <style>{HtmlStyles.Css}</style></head><body>
            <input type="checkbox" id="not-passing" hidden><main>
            <h1>ECE 11.6 chat API conformance report</h1>
            <p class="verdict {verdictClass}">{HtmlEncode(run.Verdict.Word)}</p>
            <p>{HtmlEncode(run.Verdict.Summary)}</p>
            <table class="facts">
            <tr><th>Target</th><td>{HtmlEncode(run.Target.Url)}{(run.Target.Embedded ? " (embedded reference server, scenario " + HtmlEncode(run.Target.Scenario ?? "") + ")" : "")}</td></tr>
            <tr><th>Base path</th><td>{HtmlEncode(run.Target.BasePath)}</td></tr>
            <tr><th>Entry points</th><td>{HtmlEncode(string.Join(", ", run.Target.EntryPoints))}; invalid entry point {HtmlEncode(run.Target.InvalidEntryPoint)}</td></tr>
            <tr><th>Writes</th><td>{(run.Target.AllowWrites ? "allowed: surveys marked as conformance tests were posted" : "none: read-only run")}</td></tr>
            <tr><th>Time</th><td>{model.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {model.DurationMs} ms, {run.Exchanges.Count} requests</td></tr>
            <tr><th>Tool</th><td>{HtmlEncode(model.Tool.Name)} {HtmlEncode(model.Tool.Version)}</td></tr>
            <tr><th>Spec</th><td>{HtmlEncode(model.Spec.Title)} {HtmlEncode(model.Spec.ApiVersion)}, spec revision {HtmlEncode(model.Spec.Revision)}, rules revision {HtmlEncode(model.Spec.RulesRevision)}</td></tr>
            </table>
            """);
        var s = model.Summary;
        html.Append($"<p class=\"counts\">{HtmlEncode(Verdicts.Counts(s))}</p>");
        html.Append("<p class=\"legend\">").Append(string.Join(" · ", Enum.GetValues<Result>().Select(r => $"<b>{Verdicts.Label(r)}</b>: {HtmlEncode(Verdicts.Meaning(r))}"))).Append("</p>");
        var attention = Verdicts.NotPassingByRule(run.Findings);
        if (attention.Count > 0)
        {
            html.Append("<h2>Not passing</h2><ul class=\"summary\">");
            foreach (var rule in attention)
            {
                var result = rule.Min(Verdicts.Of);
                html.Append($"<li class=\"{Verdicts.Css(result)}\"><a href=\"#{rule.Key.Id}\">{rule.Key.Id}</a> {rule.Key.LevelText} <b>{Verdicts.Label(result)}</b>: {HtmlEncode(rule.Key.Requirement)} ")
                    .Append(string.Join(", ", rule.Select(f => $"<a href=\"#{Anchor(f)}\">{HtmlEncode(f.Subject.Length == 0 ? "the run" : f.Subject)}</a>"))).Append("</li>");
            }
            html.Append("</ul><p class=\"filter\"><label for=\"not-passing\"><u>Show only what is not passing</u></label> (toggle)</p>");
        }
        foreach (var note in run.Notes.Concat(run.StaleBaseline.Select(b => $"Stale baseline entry: {b} passes now; remove it from the baseline.")))
        {
            html.Append($"<p class=\"note\">{HtmlEncode(note)}</p>");
        }
        if (model.Latency is { Count: > 0 } latency)
        {
            html.Append("<h2>Latency</h2><table class=\"facts\"><tr><th>Operation</th><th>Answers</th><th>Median</th><th>Slowest</th></tr>");
            foreach (var l in latency)
            {
                html.Append($"<tr><td>{HtmlEncode(l.Operation)}</td><td>{l.Answers}</td><td>{l.MedianMs} ms</td><td>{l.MaxMs} ms</td></tr>");
            }
            html.Append("</table>");
        }
        if (screenshots is { Count: > 0 })
        {
            html.Append("<h2>Chat button in a browser</h2>");
            foreach (var (caption, png) in screenshots)
            {
                html.Append($"<figure><img alt=\"{HtmlEncode(caption)}\" src=\"data:image/png;base64,{png}\"><figcaption>{HtmlEncode(caption)}</figcaption></figure>");
            }
        }
        var exchanges = run.Exchanges.ToDictionary(e => e.Id);
        foreach (var group in run.Findings.GroupBy(f => f.Operation ?? "Agreement between operations"))
        {
            html.Append($"<h2>{HtmlEncode(group.Key)}</h2><table class=\"results\"><tr><th>Rule</th><th>Level</th><th>Entry point</th><th>Result</th><th>Requirement and finding</th></tr>");
            foreach (var f in group.OrderBy(f => f.Rule.Id))
            {
                html.Append(Row(f, exchanges));
            }
            html.Append("</table>");
        }
        // Each exchange a finding points to is written once, however many findings point to it: the report grows
        // with the findings, not with the target's bytes.
        var shown = run.Findings.Where(f => f.Outcome is Outcome.Failed or Outcome.Untestable).SelectMany(f => f.Exchanges ?? []).Distinct().Order().ToList();
        if (shown.Count > 0)
        {
            html.Append("<h2>Requests and responses</h2>");
            foreach (var id in shown)
            {
                html.Append(Exchange(exchanges[id]));
            }
        }
        html.Append("<h2>Rules</h2><table class=\"rules\"><tr><th>Rule</th><th>Level</th><th>Requirement</th><th>Source</th></tr>");
        foreach (var rule in model.Rules)
        {
            html.Append($"<tr id=\"{rule.Id}\"><td>{rule.Id}</td><td>{rule.Level}</td><td>{HtmlEncode(rule.Requirement)}{(rule.Reasoning is null ? "" : $"<div class=\"why\">{HtmlEncode(rule.Provenance)}: {HtmlEncode(rule.Reasoning)}</div>")}</td>"
                + $"<td><div class=\"section\">{HtmlEncode(rule.Source.Section.En)} ({HtmlEncode(rule.Source.Section.Fr)})</div><q lang=\"fr\">{HtmlEncode(rule.Source.Fr)}</q><q lang=\"en\">{HtmlEncode(rule.Source.En)}</q></td></tr>");
        }
        html.Append("</table></main></body></html>\n");
        return html.ToString();
    }

    private static string Anchor(Finding f) => $"f-{f.Rule.Id}-{f.Operation}-{f.EntryPoint}".Replace(' ', '_');

    private static string Row(Finding f, Dictionary<int, Exchange> exchanges)
    {
        var result = Verdicts.Of(f);
        var row = new StringBuilder($"<tr id=\"{HtmlEncode(Anchor(f))}\" class=\"{Verdicts.Css(result)}\"><td><a href=\"#{f.Rule.Id}\">{f.Rule.Id}</a></td><td>{f.Rule.LevelText}</td><td>{HtmlEncode(f.EntryPoint ?? "")}</td><td>{Verdicts.Label(result)}</td>"
            + $"<td>{HtmlEncode(f.Rule.Requirement)}<div class=\"finding\">{HtmlEncode(f.Message)}</div>");
        if (f.Outcome is Outcome.Failed or Outcome.Untestable)
        {
            if (f.Expected is not null || f.Actual is not null)
            {
                row.Append($"<table class=\"diff\"><tr><th>Expected</th><td><pre>{HtmlEncode(f.Expected ?? "")}</pre></td></tr><tr><th>Actual</th><td><pre>{HtmlEncode(f.Actual ?? "")}</pre></td></tr></table>");
            }
            if (f.Exchanges is { Count: > 0 } ids)
            {
                row.Append("<div class=\"refs\">").Append(string.Join(" ", ids.Select(id => $"<a href=\"#x{id}\">request #{id}</a>"))).Append("</div>");
                if (exchanges.TryGetValue(ids[0], out var first) && first.Attempts > 0)
                {
                    row.Append($"<pre class=\"replay\">{HtmlEncode(Replay.Curl(first))}</pre>");
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
        return $"<details id=\"x{x.Id}\"><summary>Request #{x.Id}: {HtmlEncode(x.Describe())} ({x.ElapsedMs} ms{(x.Attempts > 1 ? $", {x.Attempts} attempts" : "")})</summary>"
            + $"<div class=\"exchange\"><h4>Request</h4><pre>{HtmlEncode(JUnitReport.Clean(request))}</pre><h4>Response</h4><pre>{HtmlEncode(JUnitReport.Clean(response))}</pre></div></details>";
    }

    /// <summary>Encodes what HTML needs (&lt; &gt; &amp; quotes) and keeps every other letter as it is: the file is UTF-8.</summary>
    private static string HtmlEncode(string? text) => s_encoder.Encode(text ?? "");

    private static readonly System.Text.Encodings.Web.HtmlEncoder s_encoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Body(Exchange x) => x.BodyTruncated
        ? $"{x.Body}\n… (more than {x.BodyBytesRead - 1} bytes; the rest was not read)"
        : x.Body ?? "";
}
