using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Ece.Conformance.Checks;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Reports;

/// <summary>JUnit XML as Jenkins and GitLab read it: one suite per operation (and one for the agreement between
/// operations), one case per rule and entry point. A failed MUST rule is a failure; a rule that could not be judged
/// is an error; failed SHOULD and MAY rules pass with a warning in system-out; skipped and known failures are skipped.</summary>
internal static class JUnitReport
{
    public static string Render(RunResult run)
    {
        var suites = run.Findings
            .GroupBy(Verdicts.Group)
            .Select(g => Suite(g.Key, g.ToList(), run))
            .Append(RunSuite(run))
            .ToList();
        var couldNotTest = run.Verdict.Kind == VerdictKind.CouldNotTest ? 1 : 0;
        var failedAlone = FailedAlone(run) ? 1 : 0;
        var root = new XElement("testsuites",
            new XAttribute("name", $"ECE conformance of {run.Target.Url}"),
            new XAttribute("tests", run.Findings.Count + 1),
            new XAttribute("failures", run.Findings.Count(IsFailure) + failedAlone),
            new XAttribute("errors", run.Findings.Count(IsError) + couldNotTest),
            new XAttribute("time", Seconds(run.Duration)),
            suites);
        var text = new StringBuilder();
        using (var writer = new Utf8StringWriter(text))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }
        return text.ToString();
    }

    private static XElement Suite(string name, List<Finding> findings, RunResult run) =>
        new("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", findings.Count),
            new XAttribute("failures", findings.Count(IsFailure)),
            new XAttribute("errors", findings.Count(IsError)),
            new XAttribute("skipped", findings.Count(IsSkipped)),
            new XAttribute("time", "0"),
            new XAttribute("timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("hostname", Host(run.Target.Url)),
            findings.Select(Case));

    /// <summary>The run itself as one case: an error when it could not test (exit 2), so a dashboard never shows
    /// such a run as an empty green one; its output carries the verdict and each operation's latency.</summary>
    private static XElement RunSuite(RunResult run)
    {
        var failed = run.Verdict.Kind == VerdictKind.CouldNotTest;
        // Exit 1 with no failing check (a stale or expired baseline entry): the run case carries the failure.
        var failedAlone = FailedAlone(run);
        var verdict = new XElement("testcase",
            new XAttribute("classname", "ECE.run"),
            new XAttribute("name", ReportText.Xml($"verdict: {run.Verdict.Word} (exit {run.Verdict.ExitCode})")),
            new XAttribute("time", Seconds(run.Duration)));
        if (failed)
        {
            verdict.Add(new XElement("error", new XAttribute("message", ReportText.Xml(run.Verdict.Summary)), new XAttribute("type", "could-not-test"), ReportText.Xml(run.Verdict.Summary)));
        }
        else if (failedAlone)
        {
            verdict.Add(new XElement("failure", new XAttribute("message", ReportText.Xml(run.Verdict.Summary)), new XAttribute("type", "not-conformant"), ReportText.Xml(run.Verdict.Summary)));
        }
        var latency = Reports.LatencyInfo.PerOperation(run.Exchanges);
        verdict.Add(new XElement("system-out", ReportText.Xml(string.Join("\n", run.Notes.Prepend(run.Verdict.Summary).Concat(latency.Select(l => $"Latency: {l}"))))));
        return new XElement("testsuite",
            new XAttribute("name", "run"),
            new XAttribute("tests", 1),
            new XAttribute("failures", failedAlone ? 1 : 0),
            new XAttribute("errors", failed ? 1 : 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(run.Duration)),
            new XAttribute("timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("hostname", Host(run.Target.Url)),
            verdict);
    }

    private static XElement Case(Finding f)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", $"ECE.{f.Operation ?? "agreement"}"),
            new XAttribute("name", ReportText.Xml($"{f.Rule.Id} {f.Rule.LevelText}{(f.EntryPoint is null ? "" : $" [{f.EntryPoint}]")}: {f.Rule.Requirement}")),
            new XAttribute("time", "0"));
        var detail = $"{f.Message}\nExpected: {f.Expected}\nActual: {f.Actual}\nSource ({f.Rule.Source.Section.En}): {f.Rule.Source.En}";
        if (IsFailure(f))
        {
            element.Add(new XElement("failure", new XAttribute("message", ReportText.Xml(f.Message)), new XAttribute("type", f.Rule.Id), ReportText.Xml(detail)));
        }
        else if (IsError(f))
        {
            element.Add(new XElement("error", new XAttribute("message", ReportText.Xml(f.Message)), new XAttribute("type", "untestable"), ReportText.Xml(detail)));
        }
        else if (IsSkipped(f))
        {
            element.Add(new XElement("skipped", new XAttribute("message", ReportText.Xml(f.KnownFailure ? "known failure (baseline): " + f.Message : f.Message))));
        }
        else if (f.Outcome is Outcome.Untestable or Outcome.NotApplicable)
        {
            element.Add(new XElement("system-out", ReportText.Xml($"{Verdicts.Label(Verdicts.ResultOf(f))} ({f.Rule.LevelText}): {f.Message}")));
        }
        else if (f.Outcome == Outcome.Failed)
        {
            element.Add(new XElement("system-out", ReportText.Xml($"{Verdicts.Label(Verdicts.ResultOf(f))} ({f.Rule.LevelText}): {detail}")));
        }
        return element;
    }

    private static bool IsFailure(Finding f) => f.FailsGate;

    private static bool FailedAlone(RunResult run) => run.Verdict.Kind is VerdictKind.NotConformant or VerdictKind.BaselineOutOfDate && !run.Findings.Any(IsFailure);

    private static bool IsError(Finding f) => f.Outcome == Outcome.Untestable && f.Rule.Level == RuleLevel.Must && !f.KnownFailure;

    private static bool IsSkipped(Finding f) => f.Outcome == Outcome.Skipped || f.KnownFailure;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);


    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }

    // A recording of no absolute URL has no host; the attribute stays, empty.
    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : "";
}
