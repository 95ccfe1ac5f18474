using System.Text;

namespace Ece.Conformance.Reports;

/// <summary>A comparison of two runs in three renderings of one list of sections: plain text for the terminal,
/// Markdown for a pull request, one self-contained HTML file. Results are named as in every report (Verdicts);
/// regressions and fixes are MUST and SHOULD changes, MAY changes are listed apart as information.</summary>
internal static class ComparisonReport
{
    private sealed record Section(string Title, IReadOnlyList<(string Where, string Before, string After, string Detail)> Rows);

    private static string Heading(Comparison c) =>
        $"{Verdicts.OfVerdict(c.ExitCode).Mark}: ECE conformance, {c.Regressed.Count} regressed, {c.Fixed.Count} fixed";

    private static IEnumerable<string> Runs(Comparison c) =>
    [
        $"Before: {c.Before.Target.Url} {c.Before.StartedAt:yyyy-MM-dd HH:mm} UTC, {c.Before.Verdict.Verdict}, spec {c.Before.Spec.Revision}.",
        $"After: {c.After.Target.Url} {c.After.StartedAt:yyyy-MM-dd HH:mm} UTC, {c.After.Verdict.Verdict}, spec {c.After.Spec.Revision}.",
    ];

    private static IEnumerable<Section> Sections(Comparison c) => new Section[]
    {
        new("Regressed (MUST and SHOULD rules that passed before and fail now)", c.Regressed.Select(r => Row(r, r.After.Actual ?? r.After.Message)).ToList()),
        new("Fixed (failed before, pass now)", c.Fixed.Select(r => Row(r, r.After.Message)).ToList()),
        new("Other changes of result", c.OtherChanges.Select(r => Row(r, r.After.Message)).ToList()),
        new("MAY rules (information, never a regression)", c.InformationChanges.Select(r => Row(r, r.After.Message)).ToList()),
        new("New rules or subjects", c.New.Select(r => (Subject(r), "-", Label(r), r.Message)).ToList()),
        new("Removed rules or subjects", c.Removed.Select(r => (Subject(r), Label(r), "-", r.Message)).ToList()),
        new("What customers see now (changed; not part of the verdict)", NowChanges(c).ToList()),
        new("Changed observed values", c.Values.Select(v => ($"{v.Operation} [{v.EntryPoint}] {v.Field}", v.Before ?? "(absent)", v.After ?? "(absent)", "")).ToList()),
    }.Where(s => s.Rows.Count > 0);

    public static string Text(Comparison c)
    {
        var text = new StringBuilder().AppendLine(Heading(c)).AppendLine();
        foreach (var line in Runs(c)) { text.AppendLine(line); }
        if (c.Unchanged) { text.AppendLine().AppendLine("No change."); }
        foreach (var section in c.Unchanged ? [] : Sections(c))
        {
            text.AppendLine().AppendLine($"{section.Title} ({section.Rows.Count}):");
            foreach (var (where, before, after, detail) in section.Rows)
            {
                text.AppendLine(ReportText.Printable($"  {where}: {before} → {after}{(detail.Length == 0 ? "" : ": " + detail)}"));
            }
        }
        if (c.Bodies.Count > 0) { text.AppendLine().AppendLine($"{BodiesTitle} ({c.Bodies.Count}):"); }
        foreach (var (where, differences) in Bodies(c))
        {
            text.AppendLine(ReportText.Line($"  {where}"));
            foreach (var line in differences) { text.AppendLine(ReportText.Line($"    {line}")); }
        }
        return text.ToString();
    }

    public static string Markdown(Comparison c)
    {
        var text = new StringBuilder().AppendLine($"## {Heading(c)}").AppendLine();
        foreach (var line in Runs(c)) { text.AppendLine(ReportText.Cell(line) + "  "); }
        if (c.Unchanged) { text.AppendLine().AppendLine("No change."); }
        foreach (var section in c.Unchanged ? [] : Sections(c))
        {
            text.AppendLine().AppendLine($"### {section.Title} ({section.Rows.Count})").AppendLine().AppendLine("| Where | Before | After | Detail |").AppendLine("|---|---|---|---|");
            foreach (var (where, before, after, detail) in section.Rows)
            {
                text.AppendLine($"| {ReportText.Cell(where)} | {ReportText.Cell(before)} | {ReportText.Cell(after)} | {ReportText.Cell(detail)} |");
            }
        }
        if (c.Bodies.Count > 0) { text.AppendLine().AppendLine($"### {BodiesTitle} ({c.Bodies.Count})").AppendLine(); }
        foreach (var (where, differences) in Bodies(c))
        {
            text.AppendLine($"- {ReportText.Cell(where)}");
            foreach (var line in differences) { text.AppendLine($"  - {ReportText.Cell(line)}"); }
        }
        return text.ToString();
    }

    /// <summary>Built from the comparison itself, every text encoded once.</summary>
    public static string Html(Comparison c)
    {
        var (_, _, css) = Verdicts.OfVerdict(c.ExitCode);
        var html = new StringBuilder($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ECE conformance comparison</title><style>{HtmlStyles.Css}</style></head><body><main>")
            .Append($"<h1>ECE conformance comparison</h1><p class=\"verdict {css}\">{E(Heading(c))}</p>");
        foreach (var line in Runs(c)) { html.Append($"<p>{E(line)}</p>"); }
        if (c.Unchanged) { html.Append("<p>No change.</p>"); }
        foreach (var section in c.Unchanged ? [] : Sections(c))
        {
            html.Append($"<h2>{E(section.Title)} ({section.Rows.Count})</h2><table class=\"results\"><tr><th>Where</th><th>Before</th><th>After</th><th>Detail</th></tr>");
            foreach (var (where, before, after, detail) in section.Rows)
            {
                html.Append($"<tr><td>{E(where)}</td><td>{E(before)}</td><td>{E(after)}</td><td>{E(detail)}</td></tr>");
            }
            html.Append("</table>");
        }
        if (c.Bodies.Count > 0) { html.Append($"<h2>{E(BodiesTitle)} ({c.Bodies.Count})</h2><ul>"); }
        foreach (var (where, differences) in Bodies(c))
        {
            html.Append($"<li>{E(where)}<ul>").AppendJoin("", differences.Select(d => $"<li>{E(d)}</li>")).Append("</ul></li>");
        }
        return html.Append(c.Bodies.Count > 0 ? "</ul>" : "").Append("</main></body></html>\n").ToString();
    }

    private const string BodiesTitle = "Answer bodies (compared by XMLUnit; information, never a regression)";

    /// <summary>Each answer whose body changed, with XMLUnit's verdict, then its differences one a line (bounded by
    /// BodyDiff.Kept, the rest counted).</summary>
    private static IEnumerable<(string Where, IReadOnlyList<string> Differences)> Bodies(Comparison c) =>
        c.Bodies.Select(b => ($"{b.Operation} [{b.EntryPoint}]: {b.Change.Summary}",
            (IReadOnlyList<string>)[.. b.Change.Differences.Select(d => d.ToString()), .. b.Change.More > 0 ? [$"and {b.Change.More} more"] : Array.Empty<string>()]));

    /// <summary>The entry points whose customers see something else now: whether a chat can start, or why not.</summary>
    private static IEnumerable<(string, string, string, string)> NowChanges(Comparison c) =>
        from after in c.After.Now ?? []
        let before = (c.Before.Now ?? []).FirstOrDefault(b => b.EntryPoint == after.EntryPoint)
        where before is not null && (before.ChatCanStart != after.ChatCanStart || before.Reason != after.Reason)
        select ($"entry point {after.EntryPoint}", Head(before), Head(after), after.Says);

    private static string Head(Running.CustomersNow now) =>
        now.ChatCanStart switch { true => "a chat can start", false => $"no chat can start{(now.Reason is null ? "" : $" ({now.Reason})")}", null => "not known" };

    private static (string, string, string, string) Row(ResultChange r, string detail) => (r.Where, Label(r.Before), Label(r.After), detail);

    private static string Label(ResultInfo r) => Verdicts.Label(Verdicts.ResultOf(r));

    private static string Subject(ResultInfo r) => new ResultChange(r, r).Where;

    private static string E(string text) => ReportText.Html(text);
}
