using Ece.Conformance.Checks;
using Ece.Conformance.Running;
using Spectre.Console;

namespace Ece.Conformance.Reports;

/// <summary>The console: a table per operation, then the counts and the verdict. Target text is escaped, never markup.</summary>
public static class ConsoleReport
{
    public static void Write(IAnsiConsole console, RunResult run, ReportModel model, bool verbose)
    {
        foreach (var group in run.Findings.GroupBy(f => f.Operation ?? "agreement between operations"))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(group.Key)}[/]")
                .AddColumn("Rule").AddColumn("Level").AddColumn("Entry point").AddColumn("Outcome").AddColumn("Finding");
            foreach (var f in group.OrderBy(f => f.Rule.Id).Where(f => verbose || f.Outcome != Outcome.Skipped))
            {
                table.AddRow(f.Rule.Id, f.Rule.LevelText, Markup.Escape(f.EntryPoint ?? ""), OutcomeMarkup(f), Markup.Escape(Shorten(f.Outcome == Outcome.Failed && f.Actual is not null ? $"{f.Message} (actual: {f.Actual})" : f.Message)));
            }
            console.Write(table);
        }
        var s = model.Summary;
        console.MarkupLine($"{s.Passed} passed, {s.Failed} MUST failed, {s.Warnings} SHOULD warnings, {s.Information} MAY notes, {s.KnownFailures} known failures, {s.Untestable} not judged, {s.Skipped} skipped.");
        if (model.Latency is { Count: > 0 } latency)
        {
            console.MarkupLine($"[grey]Latency: {Markup.Escape(string.Join("; ", latency))}.[/]");
        }
        foreach (var note in run.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(Printable(note))}[/]");
        }
        var colour = run.Verdict.ExitCode switch { 0 => "green", 1 => "red", _ => "yellow" };
        console.MarkupLine($"[bold {colour}]{Markup.Escape(run.Verdict.Word)}[/]: {Markup.Escape(run.Verdict.Summary)} (exit {run.Verdict.ExitCode})");
    }

    private static string OutcomeMarkup(Finding f) => f switch
    {
        { KnownFailure: true } => "[blue]known failure[/]",
        { Outcome: Checks.Outcome.Passed } => "[green]passed[/]",
        { Outcome: Checks.Outcome.Failed, Rule.Level: Spec.RuleLevel.Must } => "[red]FAILED[/]",
        { Outcome: Checks.Outcome.Failed } => "[yellow]warning[/]",
        { Outcome: Checks.Outcome.Untestable } => "[magenta]not judged[/]",
        _ => $"[grey]{ResultInfo.Name(f.Outcome)}[/]",
    };

    private static string Shorten(string text)
    {
        var flat = Printable(text.ReplaceLineEndings(" "));
        return flat.Length <= 140 ? flat : flat[..140] + "…";
    }

    /// <summary>A target's text on a terminal: control characters (escape sequences among them) shown as \uXXXX, never sent.</summary>
    internal static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
