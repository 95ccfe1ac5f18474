using System.Text;
using Ece.Conformance.Reports;

namespace Ece.Conformance.Monitor;

/// <summary>GET /: one self-contained page (no script, no external resource) for a person at a glance: each target ×
/// entry point with its button, the rules failing now and when the button last changed. Every text is encoded by
/// ReportText.Html (a target's text, a finding's message, even the configured URLs).</summary>
internal static class StatusPage
{
    private const string Css = """
        body { font: 15px/1.45 system-ui, sans-serif; color: #1d2330; background: #f4f5f7; margin: 0; }
        main { max-width: 80rem; margin: 0 auto; padding: 1rem 2rem 3rem; background: #fff; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e4e7ec; }
        .shown { color: #1a7f37; font-weight: 600; } .hidden { color: #cf222e; font-weight: 600; } .unknown { color: #57606a; font-weight: 600; }
        .business, .open { color: #9a6700; } .unexpected { color: #cf222e; } .down, .must { background: #ffebe9; } .misconfigured { background: #fff8c5; } .legend, .when { color: #57606a; font-size: .9em; } ul { margin: 0; padding-left: 1.1rem; }
        """;

    public static string Render(IReadOnlyList<TargetSnapshot> targets, MonitorSettings settings)
    {
        var html = new StringBuilder();
        Head(html, targets.Count, settings);
        // What needs a person first (down, then hidden for a reason that is not business or failing a rule), and at most
        // MaxRows rows: the page is not authenticated, and 20,000 targets made 14 MB a page, 2 GB for 40 readers at once.
        var rows = targets.OrderBy(Attention).ThenBy(t => t.Target.ToString(), StringComparer.Ordinal)
            .SelectMany(t => t.Buttons.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (Target: t, EntryPoint: b.Key, Since: b.Value)));
        foreach (var (t, ep, since) in rows.Take(MaxRows))
        {
            Row(html, t, ep, since);
        }
        var total = targets.Sum(t => t.Buttons.Count);
        if (total > MaxRows)
        {
            html.Append("<tr><td colspan=\"6\" class=\"legend\">").Append(total - MaxRows).Append(" more rows, after those that need attention: ")
                .Append("<a href=\"metrics\">/metrics</a> has every target.</td></tr>");
        }
        return html.Append("</tbody></table></main></body></html>").ToString();
    }

    /// <summary>The page up to the table's first row: the title, what is watched and how often, the column heads.</summary>
    private static void Head(StringBuilder html, int targets, MonitorSettings settings) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ECE monitor</title>")
            .Append("<meta http-equiv=\"refresh\" content=\"").Append((int)Math.Max(5, settings.Interval.TotalSeconds)).Append("\">")
            .Append("<style>").Append(Css).Append("</style></head><body><main>")
            .Append("<h1>ECE chat API monitor</h1><p class=\"legend\">")
            .Append(targets).Append(" targets, every ").Append(settings.Interval.TotalSeconds).Append(" s, read-only rules; at ")
            .Append(ReportText.Html(Time(settings.Time.GetUtcNow())))
            .Append(". Metrics: <a href=\"metrics\">/metrics</a>.</p>")
            .Append("<table><thead><tr><th>Target</th><th>Entry point</th><th>Chat button</th><th>Since</th><th>Failing rules</th><th>Last cycle</th></tr></thead><tbody>");

    /// <summary>One target × entry point: the target (and why it needs a person), the button, since when, the rules
    /// failing now, the last cycle.</summary>
    private static void Row(StringBuilder html, TargetSnapshot t, string ep, ButtonSince since)
    {
        var failing = t.Outcomes.Where(o => (o.Key.EntryPoint == ep || o.Key.EntryPoint.Length == 0) && Verdicts.NotPassing(o.Value.Result) && o.Value.Result != Result.NotJudged)
            .OrderBy(o => o.Value.Result).ThenBy(o => o.Key.Rule, StringComparer.Ordinal).Take(20).ToList();
        // A row is marked for a person: the target down, set up wrong (what to change, never an outage), or a
        // MUST rule failing, whatever its button shows (a green "shown" beside a failing MUST rule misleads).
        var must = failing.Any(o => o.Value.Rule.Level == Ece.Spec.RuleLevel.Must && o.Value.Result == Result.Failed);
        html.Append(t.Up == false ? "<tr class=\"down\">" : t.Misconfigured is not null ? "<tr class=\"misconfigured\">" : must ? "<tr class=\"must\">" : "<tr>");
        TargetCell(html, t, must);
        html.Append("<td>").Append(ReportText.Html(ep)).Append("</td>");
        ButtonCell(html, since.Button);
        html.Append("<td class=\"when\">").Append(since.Since == DateTimeOffset.MinValue ? "" : ReportText.Html(Time(since.Since))).Append("</td><td>");
        Failing(html, failing);
        html.Append("</td><td class=\"when\">").Append(t.LastCycleAt is { } at ? $"{ReportText.Html(Time(at))}, {t.LastCycleDuration.TotalMilliseconds:0} ms, {t.Cycles} cycles" : "not yet")
            .Append(t.Backoff > TimeSpan.Zero ? $", backing off {t.Backoff.TotalSeconds:0} s" : "").Append("</td></tr>");
    }

    private static void TargetCell(StringBuilder html, TargetSnapshot t, bool must) =>
        html.Append("<td>").Append(ReportText.Html(MonitorMetrics.TargetLabel(t.Target)))
            .Append(t.Up == false ? "<br><span class=\"when\">down: " + ReportText.Html(ReportText.Line(t.Error ?? "", 200)) + "</span>" : "")
            .Append(t.Up != false && t.Misconfigured is { } wrong ? "<br><span class=\"when\">misconfigured (" + ReportText.Html(wrong.Reason) + "): " + ReportText.Html(ReportText.Line(wrong.Problem, 300)) + "</span>" : "")
            .Append(must ? "<br><span class=\"unexpected\">a MUST rule fails</span>" : "").Append("</td>");

    private static void ButtonCell(StringBuilder html, ButtonState button)
    {
        html.Append("<td><span class=\"").Append(ButtonState.Name(button.Shown)).Append("\">").Append(ButtonState.Name(button.Shown)).Append("</span>");
        if (button.Reason is { } reason)
        {
            html.Append(" <span class=\"").Append(button.Business switch { true => "business", false => "unexpected", null => "open" }).Append("\">").Append(ReportText.Html(reason))
                .Append(button.Business == false ? "" : $" ({ReportText.Html(ButtonState.BusinessText(button.Business))})").Append("</span>");
        }
        html.Append("</td>");
    }

    private static void Failing(StringBuilder html, List<KeyValuePair<RuleKey, RuleOutcome>> failing)
    {
        if (failing.Count == 0)
        {
            return;
        }
        html.Append("<ul>");
        foreach (var (key, outcome) in failing)
        {
            html.Append("<li><b>").Append(ReportText.Html(key.Rule)).Append("</b> ").Append(ReportText.Html(Verdicts.Label(outcome.Result)))
                .Append(key.Operation.Length > 0 ? " on " + ReportText.Html(key.Operation) : "").Append(": ")
                .Append(ReportText.Html(ReportText.Line(outcome.Message, MonitorState.MessageKept))).Append("</li>");
        }
        html.Append("</ul>");
    }

    private static string Time(DateTimeOffset at) => at.ToString("u", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The most rows (target × entry point) on the page.</summary>
    public const int MaxRows = 500;

    /// <summary>0 for a target down or set up wrong, 1 for one whose button is hidden for a reason that is not business as usual or that
    /// fails a rule, 2 for the rest.</summary>
    private static int Attention(TargetSnapshot t) =>
        t.Up == false || t.Misconfigured is not null ? 0
        : t.Buttons.Values.Any(b => b.Button.Shown == ButtonShown.Hidden && b.Button.Business == false) || t.Outcomes.Values.Any(o => Verdicts.IsFailing(o.Result)) ? 1
        : 2;
}
