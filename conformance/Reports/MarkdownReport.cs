using System.Text;
using Ece.Conformance.Checks;
using Ece.Conformance.Running;

namespace Ece.Conformance.Reports;

/// <summary>A summary for a pull-request comment or a CI job summary: verdict, counts per operation, failures.</summary>
internal static class MarkdownReport
{
    private const int MaxListed = 50;

    public static string Render(RunResult run, ReportModel model)
    {
        var text = new StringBuilder();
        var (_, mark, _) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        text.AppendLine($"## {mark}: ECE 11.6 chat API conformance, {run.Verdict.Word}")
            .AppendLine()
            .AppendLine($"{Checked(run.Target)}, "
                + $"{model.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {model.DurationMs} ms; {model.Tool.Name} {model.Tool.Version}, spec {model.Spec.Revision}.")
            .AppendLine()
            .AppendLine(ReportText.Text(run.Verdict.Summary))
            .AppendLine()
            .AppendLine(ReportText.Text(Verdicts.Counts(model.Summary)) + ".")
            .AppendLine();
        if (model.Now is { Count: > 0 } now)
        {
            text.AppendLine("What customers see now (not part of the verdict):").AppendLine();
            foreach (var line in CustomersNow.Lines(now))
            {
                text.AppendLine($"- {ReportText.Text(line)}");
            }
            text.AppendLine();
        }
        ByOperation(text, run.Findings);
        NotPassing(text, run);
        if (model.Latency is { Count: > 0 } latency)
        {
            text.AppendLine().AppendLine("| Operation | Answers | Median | Slowest |").AppendLine("|---|---:|---:|---:|");
            foreach (var l in latency)
            {
                text.AppendLine($"| {ReportText.Cell(l.Operation)} | {l.Answers} | {l.MedianMs} ms | {l.MaxMs} ms |");
            }
        }
        foreach (var note in run.Notes)
        {
            text.AppendLine().AppendLine($"> {ReportText.Cell(note)}");
        }
        return text.ToString();
    }

    /// <summary>The count of each result per operation (and for the agreement between operations).</summary>
    private static void ByOperation(StringBuilder text, IReadOnlyList<Finding> findings)
    {
        var results = Enum.GetValues<Result>();
        text
            .AppendLine("| Operation | " + string.Join(" | ", results.Select(Verdicts.Label)) + " |")
            .AppendLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        foreach (var group in findings.GroupBy(Verdicts.Group))
        {
            var s = Summary.Count(group.ToList());
            text.AppendLine($"| {ReportText.Cell(group.Key)} | " + string.Join(" | ", results.Select(s.Count)) + " |");
        }
    }

    /// <summary>What is not passing, worst first (at most <see cref="MaxListed"/>), then the lines that replay the failures.</summary>
    private static void NotPassing(StringBuilder text, RunResult run)
    {
        var failures = run.Findings.Where(f => Verdicts.NotPassing(Verdicts.ResultOf(f))).OrderBy(Verdicts.ResultOf).ThenBy(f => f.Rule.Id).ToList();
        if (failures.Count == 0)
        {
            return;
        }
        text.AppendLine().AppendLine("| Rule | Level | Where | Result | Expected | Actual |").AppendLine("|---|---|---|---|---|---|");
        foreach (var f in failures.Take(MaxListed))
        {
            text.AppendLine($"| {f.Rule.Id} | {f.Rule.LevelText} | {ReportText.Cell(f.Subject)} | {Verdicts.Label(Verdicts.ResultOf(f))} | {ReportText.Cell(f.Expected ?? "")} | {(f.Actual is { } actual ? ReportText.Cell(actual) : ReportText.Text(f.Message))} |");
        }
        if (failures.Count > MaxListed)
        {
            text.AppendLine().AppendLine($"…and {failures.Count - MaxListed} more in the HTML and JSON reports.");
        }
        // The requests are the runner's own (URL, headers, bodies it built), so a fenced block holds them as they are.
        var exchanges = run.Exchanges.ToDictionary(x => x.Id);
        var replays = failures.Where(f => Verdicts.ResultOf(f) is Result.Failed or Result.Warning).Take(MaxListed)
            .Select(f => f.Exchanges is [var id, ..] && exchanges.TryGetValue(id, out var x) && x.Attempts > 0 ? $"# {f.Rule.Id} {f.Subject}\n{Replay.Curl(x)}" : null)
            .OfType<string>().Distinct().ToList();
        if (replays.Count > 0)
        {
            text.AppendLine().AppendLine("Replay the failing requests:").AppendLine().AppendLine("```sh");
            replays.ForEach(r => text.AppendLine(r.Replace("`", "'", StringComparison.Ordinal)));
            text.AppendLine("```");
        }
    }

    /// <summary>What was checked, in words: a server with its base path and entry points, or a page with the ids it
    /// asked for and the steps run.</summary>
    private static string Checked(CheckedTarget target)
    {
        var entryPoints = string.Join(", ", target.EntryPoints.Select(e => $"`{ReportText.Code(e)}`"));
        return target switch
        {
            RunTarget t => $"Target `{ReportText.Code(t.Url)}` (base path `{ReportText.Code(t.BasePath)}`, entry points {entryPoints})",
            RecordingTarget r => $"Recording {ReportText.Text(string.Join(", ", r.Recordings))} of `{ReportText.Code(r.Url)}` (base path `{ReportText.Code(r.BasePath)}`, entry points {entryPoints})",
            PageTarget p => $"Page `{ReportText.Code(p.Url)}` (entry points {entryPoints}; steps {ReportText.Text(string.Join(", ", p.Steps))})",
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
    }
}
