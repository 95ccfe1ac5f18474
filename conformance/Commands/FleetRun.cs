using System.Xml.Linq;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Spectre.Console;

namespace Ece.Conformance.Commands;

/// <summary>Several targets in one run (the nodes of a fleet behind a load balancer): each checked concurrently with
/// its own reports in a subdirectory; one summary section per target; one verdict for all (the worst).</summary>
internal static class FleetRun
{
    public static async Task<Verdict> RunAsync(RunOptions options, IAnsiConsole console, CancellationToken cancel)
    {
        var fileFormats = options.Formats.Where(f => f != ReportFormats.Console).ToList();
        console.MarkupLine($"Checking {options.Targets.Count} targets concurrently; reports per target under {Markup.Escape(options.ReportDirectory)}/.");
        var runs = await Task.WhenAll(options.Targets.Select(async target =>
        {
            var directory = Path.Combine(options.ReportDirectory, Folder(target));
            var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            var (verdict, result) = await RunCommand.RunAsync(options with { Targets = [target], ReportDirectory = directory, Formats = [.. fileFormats, ReportFormats.Json] }, quiet, cancel);
            return (Target: target, Directory: directory, Verdict: verdict, Result: result!);
        }));

        var overall = Worst(runs.Select(r => r.Verdict));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Target").AddColumn("Verdict").AddColumn(Verdicts.Label(Result.Passed)).AddColumn(Verdicts.Label(Result.Failed)).AddColumn(Verdicts.Label(Result.Warning)).AddColumn(Verdicts.Label(Result.NotJudged)).AddColumn("Failing MUST rules");
        foreach (var run in runs)
        {
            var s = Summary.Count(run.Result.Findings);
            table.AddRow(Markup.Escape(run.Target.ToString()), Markup.Escape(run.Verdict.Word), $"{s.Passed}", $"{s.Failed}", $"{s.Warnings}", $"{s.Untestable}",
                Markup.Escape(string.Join(", ", run.Result.Findings.Where(f => f.FailsGate).Select(f => f.Rule.Id).Distinct())));
            // Target URLs come from the user and rule ids from the spec: nothing here comes from a target.
        }
        console.Write(table);
        Directory.CreateDirectory(options.ReportDirectory);
        if (fileFormats.Contains(ReportFormats.Markdown))
        {
            File.WriteAllText(Path.Combine(options.ReportDirectory, "summary.md"), Markdown(runs.Select(r => (r.Target, r.Directory, r.Verdict, r.Result)).ToList(), overall));
        }
        if (fileFormats.Contains(ReportFormats.JUnit))
        {
            MergeJUnit(runs.Select(r => (r.Target, r.Directory)).ToList(), Path.Combine(options.ReportDirectory, ReportFormats.JUnitFile));
        }
        var colour = Verdicts.OfVerdict(overall.ExitCode).Colour;
        console.MarkupLine($"[bold {colour}]{Markup.Escape(overall.Word)}[/]: {Markup.Escape(overall.Summary)} (exit {overall.ExitCode})");
        return overall;
    }

    /// <summary>One verdict for the fleet: not conformant if any target is, else could not test if any could not be,
    /// else a baseline out of date if any is.</summary>
    public static Verdict Worst(IEnumerable<Verdict> verdicts)
    {
        var all = verdicts.ToList();
        var kind = all.Any(v => v.Kind == VerdictKind.NotConformant) ? VerdictKind.NotConformant
            : all.Any(v => v.Kind == VerdictKind.CouldNotTest) ? VerdictKind.CouldNotTest
            : all.Any(v => v.Kind == VerdictKind.BaselineOutOfDate) ? VerdictKind.BaselineOutOfDate
            : VerdictKind.Conformant;
        var counts = all.GroupBy(v => v.Word).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}");
        return new Verdict(kind, $"{all.Count} targets: {string.Join(", ", counts)}.");
    }

    private static string Folder(Uri target) => $"{target.Scheme}-{target.Host}-{target.Port}".Replace(':', '_');

    private static string Markdown(List<(Uri Target, string Directory, Verdict Verdict, RunResult Result)> runs, Verdict overall)
    {
        var text = new System.Text.StringBuilder($"## ECE 11.6 chat API conformance of {runs.Count} targets: {overall.Word}\n\n{overall.Summary}\n\n")
            .AppendLine($"| Target | Verdict | {Verdicts.Label(Result.Passed)} | {Verdicts.Label(Result.Failed)} | {Verdicts.Label(Result.Warning)} | {Verdicts.Label(Result.NotJudged)} | Report |").AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var run in runs)
        {
            var s = Summary.Count(run.Result.Findings);
            text.AppendLine($"| {ReportText.Cell(run.Target.ToString())} | {run.Verdict.Word} | {s.Passed} | {s.Failed} | {s.Warnings} | {s.Untestable} | {Path.GetFileName(run.Directory)}/{ReportFormats.HtmlFile} |");
        }
        foreach (var run in runs)
        {
            text.AppendLine().AppendLine($"### {ReportText.Cell(run.Target.ToString())}").AppendLine()
                .Append(MarkdownReport.Render(run.Result, ReportModel.From(run.Result, Spec.EceSpec.Default)).Split('\n', 2)[1]);
        }
        return text.ToString();
    }

    /// <summary>One JUnit file for CI: every target's suites, named after their target.</summary>
    private static void MergeJUnit(List<(Uri Target, string Directory)> runs, string path)
    {
        var suites = new List<XElement>();
        foreach (var (target, directory) in runs)
        {
            var file = Path.Combine(directory, ReportFormats.JUnitFile);
            foreach (var suite in File.Exists(file) ? XDocument.Load(file).Root!.Elements("testsuite") : [])
            {
                suite.SetAttributeValue("name", $"{target.Authority} {suite.Attribute("name")!.Value}");
                suites.Add(suite);
            }
        }
        int Sum(string attribute) => suites.Sum(s => (int?)s.Attribute(attribute) ?? 0);
        new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("testsuites",
            new XAttribute("name", $"ECE conformance of {runs.Count} targets"),
            new XAttribute("tests", Sum("tests")), new XAttribute("failures", Sum("failures")), new XAttribute("errors", Sum("errors")),
            suites)).Save(path);
    }
}
