using System.Text;
using Ece.Conformance.Checks;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>A summary for a pull-request comment or a CI job summary: verdict, counts per operation, failures.</summary>
public static class MarkdownReport
{
    private const int MaxListed = 50;

    public static string Render(RunResult run, ReportModel model)
    {
        var text = new StringBuilder();
        var icon = run.Verdict.ExitCode switch { 0 => "✅", 1 => "❌", _ => "⚠️" };
        text.AppendLine($"## {icon} ECE 11.6 chat API conformance: {run.Verdict.Word}")
            .AppendLine()
            .AppendLine($"Target `{Code(run.Target.Url)}` (base path `{Code(run.Target.BasePath)}`, entry points {string.Join(", ", run.Target.EntryPoints.Select(e => $"`{Code(e)}`"))}), "
                + $"{model.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {model.DurationMs} ms; {model.Tool.Name} {model.Tool.Version}, spec {model.Spec.Revision}.")
            .AppendLine()
            .AppendLine(Cell(run.Verdict.Summary))
            .AppendLine()
            .AppendLine("| Operation | Passed | MUST failed | Warnings | Not judged | Skipped |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in run.Findings.GroupBy(f => f.Operation ?? "agreement between operations"))
        {
            var s = Summary.Of(group.ToList());
            text.AppendLine($"| {Cell(group.Key)} | {s.Passed} | {s.Failed} | {s.Warnings} | {s.Untestable} | {s.Skipped} |");
        }
        var failures = run.Findings.Where(f => f.Outcome is Outcome.Failed or Outcome.Untestable).OrderBy(f => f.Rule.Level).ThenBy(f => f.Rule.Id).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine().AppendLine("| Rule | Level | Where | Outcome | Expected | Actual |").AppendLine("|---|---|---|---|---|---|");
            foreach (var f in failures.Take(MaxListed))
            {
                var outcome = f.KnownFailure ? "known failure" : ResultInfo.Name(f.Outcome);
                text.AppendLine($"| {f.Rule.Id} | {f.Rule.LevelText} | {Cell(f.Subject)} | {outcome} | {Cell(f.Expected ?? "")} | {Cell(f.Actual ?? f.Message)} |");
            }
            if (failures.Count > MaxListed)
            {
                text.AppendLine().AppendLine($"…and {failures.Count - MaxListed} more in the HTML and JSON reports.");
            }
        }
        if (model.Latency is { Count: > 0 } latency)
        {
            text.AppendLine().AppendLine("| Operation | Answers | Median | Slowest |").AppendLine("|---|---:|---:|---:|");
            foreach (var l in latency)
            {
                text.AppendLine($"| {Cell(l.Operation)} | {l.Answers} | {l.MedianMs} ms | {l.MaxMs} ms |");
            }
        }
        foreach (var note in run.Notes)
        {
            text.AppendLine().AppendLine($"> {Cell(note)}");
        }
        return text.ToString();
    }

    /// <summary>Target text inside a table cell: no line breaks, pipes or HTML.</summary>
    internal static string Cell(string text)
    {
        var flat = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        flat = flat.Length > 160 ? flat[..160] + "…" : flat;
        return flat.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
    }

    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);
}
