using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Spectre.Console;

namespace Ece.Conformance.Reports;

/// <summary>The console leads to the problem: what is not passing, grouped by rule, with where, expected against
/// actual and a curl command that replays it; then the counts and the verdict. --verbose adds a table per
/// operation. Long lines (URLs, commands) are written unwrapped; a target's text is escaped, never markup.</summary>
internal static class ConsoleReport
{
    private const int PlacesPerRule = 3;

    public static void Write(IAnsiConsole console, RunResult run, ReportModel model, bool verbose)
    {
        if (verbose)
        {
            Tables(console, run);
        }
        if (run.Problems.Count > 0)
        {
            Problems(console, run, model);
            return;
        }
        NotPassing(console, run);
        console.WriteLine();
        console.MarkupLine(Markup.Escape(Verdicts.Counts(model.Summary) + "."));
        if (model.Now is { Count: > 0 } now)
        {
            // Conformance is not availability: an operator hands this on, so what customers see now is said beside it.
            console.MarkupLine("[bold]What customers see now[/] (not part of the verdict):");
            foreach (var line in CustomersNow.Lines(now))
            {
                Plain(console, "  " + ReportText.Printable(line));
            }
        }
        if (model.Latency is { Count: > 0 } latency)
        {
            Plain(console, $"Latency: {string.Join("; ", latency)}.");
        }
        foreach (var note in run.Notes)
        {
            Plain(console, ReportText.Printable(note));
        }
        WriteVerdict(console, run.Verdict);
    }

    /// <summary>A run that tested the wrong thing: what to change comes first, and the findings it caused are one
    /// line, not a page of failures that reads like a failing ECE (the reports keep them all).</summary>
    private static void Problems(IAnsiConsole console, RunResult run, ReportModel model)
    {
        console.WriteLine();
        console.MarkupLine("[bold yellow]The run did not test what it should[/] (a set-up to change, not a verdict on the target):");
        foreach (var problem in run.Problems)
        {
            Plain(console, $"  {ReportText.Printable(problem)}");
        }
        Plain(console, $"The {run.Findings.Count(f => f.Outcome != Outcome.Skipped)} findings follow from this ({Verdicts.Counts(model.Summary)}) and say nothing about the target; the reports keep them all.");
        foreach (var note in run.Notes)
        {
            Plain(console, ReportText.Printable(note));
        }
        WriteVerdict(console, run.Verdict);
    }

    /// <summary>What is not passing, by rule, worst first: a few places each, with expected against actual and a replay line.</summary>
    private static void NotPassing(IAnsiConsole console, RunResult run)
    {
        var exchanges = run.Exchanges.ToDictionary(x => x.Id);
        var attention = Verdicts.NotPassingByRule(run.Findings);
        if (attention.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Not passing[/] (by rule; --verbose shows every check):");
        }
        foreach (var rule in attention)
        {
            var result = rule.Min(Verdicts.ResultOf);
            console.Markup($"[{Verdicts.Colour(result)}]{Markup.Escape(Verdicts.Mark(result))} {rule.Key.Id} {rule.Key.LevelText} {Verdicts.Label(result)}[/]");
            Plain(console, $": {rule.Key.Requirement}");
            foreach (var f in rule.Take(PlacesPerRule))
            {
                Place(console, f, result, exchanges);
            }
            if (rule.Count() > PlacesPerRule)
            {
                Plain(console, $"    … and {rule.Count() - PlacesPerRule} more ({ReportFormats.HtmlFile} has them all)");
            }
        }
    }

    /// <summary>One place a rule is not passing: where, its own result when not the rule's, expected, actual, replay.</summary>
    private static void Place(IAnsiConsole console, Finding f, Result ruleResult, Dictionary<int, Exchange> exchanges)
    {
        var own = Verdicts.ResultOf(f) == ruleResult ? "" : $"({Verdicts.Label(Verdicts.ResultOf(f))}) ";
        Plain(console, $"    {(f.Subject.Length == 0 ? "the run" : f.Subject)}: {own}{ReportText.Printable(f.Message)}");
        if (f.Expected is not null || f.Actual is not null)
        {
            Plain(console, $"      expected: {ReportText.Printable(f.Expected ?? "")}");
            Plain(console, $"      actual:   {ReportText.Printable(f.Actual ?? "")}");
        }
        if (f.Exchanges is [var id, ..] && exchanges.TryGetValue(id, out var x) && x.Attempts > 0)
        {
            Plain(console, $"      replay:   {ReportText.Printable(Replay.Curl(x))}");
        }
    }

    /// <summary>The verdict line, printed whatever --format says.</summary>
    public static void WriteVerdict(IAnsiConsole console, Verdict verdict)
    {
        var (colour, _, _) = Verdicts.OfVerdict(verdict.ExitCode);
        console.Markup($"[bold {colour}]{Markup.Escape(verdict.Word)}[/]");
        Plain(console, $": {ReportText.Printable(verdict.Summary)} (exit {verdict.ExitCode})");
    }

    /// <summary>Every check in a table per operation (--verbose); groups with nothing to show are left out.</summary>
    private static void Tables(IAnsiConsole console, RunResult run)
    {
        foreach (var group in run.Findings.Where(f => f.Outcome != Outcome.Skipped).GroupBy(Verdicts.Group))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(group.Key)}[/]")
                .AddColumn("Rule").AddColumn("Level").AddColumn("Entry point").AddColumn("Result").AddColumn("Finding");
            foreach (var f in group.OrderBy(f => f.Rule.Id))
            {
                var result = Verdicts.ResultOf(f);
                table.AddRow(f.Rule.Id, f.Rule.LevelText, Markup.Escape(f.EntryPoint ?? ""), $"[{Verdicts.Colour(result)}]{Verdicts.Label(result)}[/]",
                    Markup.Escape(ReportText.Printable((f.Outcome == Outcome.Failed && f.Actual is not null ? $"{f.Message} (actual: {ReportText.Line(f.Actual)})" : f.Message).ReplaceLineEndings(" "))));
            }
            console.Write(table);
        }
    }

    /// <summary>A line as it is, never wrapped: a URL or a command broken across lines cannot be copied.</summary>
    private static void Plain(IAnsiConsole console, string line)
    {
        console.Profile.Out.Writer.WriteLine(line);
        console.Profile.Out.Writer.Flush();
    }

}
