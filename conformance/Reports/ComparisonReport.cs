using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Ece.Conformance.Reports;

/// <summary>A comparison of two runs as Markdown (also the console text) and as one self-contained HTML file.</summary>
public static class ComparisonReport
{
    private static readonly HtmlEncoder s_html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Markdown(Comparison c)
    {
        var text = new StringBuilder();
        var icon = c.Regressed.Count > 0 ? "❌" : "✅";
        text.AppendLine($"## {icon} ECE conformance: {c.Regressed.Count} regressed, {c.Fixed.Count} fixed")
            .AppendLine()
            .AppendLine($"Before: `{Code(c.Before.Target.Url)}` {c.Before.StartedAt:yyyy-MM-dd HH:mm} UTC, {c.Before.Verdict.Verdict}, spec {c.Before.Spec.Revision}.  ")
            .AppendLine($"After: `{Code(c.After.Target.Url)}` {c.After.StartedAt:yyyy-MM-dd HH:mm} UTC, {c.After.Verdict.Verdict}, spec {c.After.Spec.Revision}.")
            .AppendLine();
        if (c.Unchanged)
        {
            return text.AppendLine("No change.").ToString();
        }
        Section(text, "Regressed (passed before, fail now)", c.Regressed.Select(r => Row(r.Where, r.Before.Outcome, r.After.Outcome, r.After.Actual ?? r.After.Message)));
        Section(text, "Fixed (failed before, pass now)", c.Fixed.Select(r => Row(r.Where, r.Before.Outcome, r.After.Outcome, r.After.Message)));
        Section(text, "Other changes of outcome", c.OtherChanges.Select(r => Row(r.Where, Outcome(r.Before), Outcome(r.After), r.After.Message)));
        Section(text, "New rules or subjects", c.New.Select(r => Row($"{r.Rule} {r.Level} {r.Operation} {r.EntryPoint}", "-", r.Outcome, r.Message)));
        Section(text, "Removed rules or subjects", c.Removed.Select(r => Row($"{r.Rule} {r.Level} {r.Operation} {r.EntryPoint}", r.Outcome, "-", r.Message)));
        Section(text, "Changed observed values", c.Values.Select(v => Row($"{v.Operation} [{v.EntryPoint}] {v.Field}", v.Before ?? "(absent)", v.After ?? "(absent)", "")));
        return text.ToString();
    }

    public static string Html(Comparison c)
    {
        // The Markdown tables carry everything; HTML shows them as tables, every text encoded.
        var html = new StringBuilder($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ECE conformance comparison</title><style>{HtmlStyles.Css}</style></head><body><main>");
        var inTable = false;
        foreach (var line in Markdown(c).Split('\n'))
        {
            if (line.StartsWith('|'))
            {
                if (line.StartsWith("|---", StringComparison.Ordinal)) { continue; }
                var cells = line.Trim('|').Split(" | ").Select(cell => s_html.Encode(cell.Trim().Replace("\\|", "|", StringComparison.Ordinal)));
                html.Append(inTable ? "<tr>" : "<table class=\"results\"><tr>").Append(string.Concat(cells.Select(x => $"<td>{x}</td>"))).Append("</tr>");
                inTable = true;
                continue;
            }
            if (inTable) { html.Append("</table>"); inTable = false; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) { html.Append($"<h1>{s_html.Encode(line[3..])}</h1>"); }
            else if (line.StartsWith("### ", StringComparison.Ordinal)) { html.Append($"<h2>{s_html.Encode(line[4..])}</h2>"); }
            else if (line.Trim().Length > 0) { html.Append($"<p>{s_html.Encode(line.Replace("`", "", StringComparison.Ordinal))}</p>"); }
        }
        return html.Append(inTable ? "</table>" : "").Append("</main></body></html>\n").ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<string> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }
        text.AppendLine($"### {title} ({list.Count})").AppendLine().AppendLine("| Where | Before | After | Detail |").AppendLine("|---|---|---|---|");
        list.ForEach(r => text.AppendLine(r));
        text.AppendLine();
    }

    private static string Row(string where, string before, string after, string detail) =>
        $"| {MarkdownReport.Cell(where)} | {MarkdownReport.Cell(before)} | {MarkdownReport.Cell(after)} | {MarkdownReport.Cell(detail)} |";

    private static string Outcome(ResultInfo r) => r.KnownFailure ? "known failure" : r.Outcome;

    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);
}
