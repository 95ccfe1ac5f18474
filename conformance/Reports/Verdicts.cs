using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Reports;

/// <summary>What a finding means for the gate: every output (console, JUnit, JSON, HTML, Markdown, compare, fleet)
/// names and counts findings by this, so the same run reads the same everywhere and the counts add up.</summary>
internal enum Result { Failed, Warning, Information, NotJudged, KnownFailure, Passed, NotApplicable, Skipped }

/// <summary>The one vocabulary of results: label, machine name, colour and mark, chosen here only.</summary>
internal static class Verdicts
{
    public static Result ResultOf(Finding f) => ResultOf(f.KnownFailure, f.Outcome, f.Rule.Level);

    /// <summary>The result of a finding as the JSON report records it (compare reads reports, not findings).</summary>
    public static Result ResultOf(ResultInfo r) => ResultOf(r.KnownFailure, r.Outcome, r.RuleLevel);

    private static Result ResultOf(bool knownFailure, Outcome outcome, RuleLevel level) => (knownFailure, outcome, level) switch
    {
        (true, _, _) => Result.KnownFailure,
        (_, Outcome.Passed, _) => Result.Passed,
        (_, Outcome.Failed, RuleLevel.Must) => Result.Failed,
        (_, Outcome.Failed, RuleLevel.Should) => Result.Warning,
        (_, Outcome.Failed, _) => Result.Information,
        (_, Outcome.Untestable, _) => Result.NotJudged,
        (_, Outcome.NotApplicable, _) => Result.NotApplicable,
        _ => Result.Skipped,
    };

    /// <summary>For people: the console, HTML, Markdown, compare and the fleet summary.</summary>
    public static string Label(Result r) => r switch
    {
        Result.Failed => "failed",
        Result.Warning => "warning",
        Result.Information => "information",
        Result.NotJudged => "not judged",
        Result.KnownFailure => "known failure",
        Result.Passed => "passed",
        Result.NotApplicable => "not applicable",
        _ => "skipped",
    };

    /// <summary>What each result means, for the legends of the reports.</summary>
    public static string Meaning(Result r) => r switch
    {
        Result.Failed => "a MUST rule failed: not conformant",
        Result.Warning => "a SHOULD rule failed: conformant, but a real client is served worse",
        Result.Information => "a MAY rule is not met: information only",
        Result.NotJudged => "the rule could not be judged (no answer, a 500, a deadline)",
        Result.KnownFailure => "failed, but listed in the baseline",
        Result.Passed => "the rule holds",
        Result.NotApplicable => "the rule's premise does not hold here",
        _ => "not run (--only, --skip, read-only, no --origin or --browser)",
    };

    /// <summary>A rule failing, at whatever level: failed (MUST), warning (SHOULD), information (MAY).</summary>
    public static bool IsFailing(Result r) => r is Result.Failed or Result.Warning or Result.Information;

    /// <summary>Results that need a reader's attention: listed by default, recapped, replayed.</summary>
    public static bool NotPassing(Result r) => r is Result.Failed or Result.Warning or Result.Information or Result.NotJudged or Result.KnownFailure;

    /// <summary>The findings that need attention, by rule, worst result first: what the console and HTML lead with.</summary>
    public static IReadOnlyList<IGrouping<Rule, Finding>> NotPassingByRule(IEnumerable<Finding> findings) =>
        findings.Where(f => NotPassing(ResultOf(f))).GroupBy(f => f.Rule).OrderBy(g => g.Min(ResultOf)).ThenBy(g => g.Key.Id).ToList();

    public static string Colour(Result r) => r switch
    {
        Result.Failed => "red",
        Result.Warning => "yellow",
        Result.Information => "blue",
        Result.NotJudged => "magenta",
        Result.KnownFailure => "blue",
        Result.Passed => "green",
        _ => "grey",
    };

    /// <summary>A mark that needs no emoji font (terminals, CI logs, pull-request comments).</summary>
    public static string Mark(Result r) => r switch
    {
        Result.Failed => "[x]",
        Result.Warning => "[!]",
        Result.Information => "[i]",
        Result.NotJudged => "[?]",
        Result.KnownFailure => "[~]",
        Result.Passed => "[ok]",
        _ => "[-]",
    };

    public static string Css(Result r) => r.ToString().ToLowerInvariant();

    /// <summary>The verdict as a word, a colour and a mark, in every output.</summary>
    public static (string Colour, string Mark, string Css) OfVerdict(int exitCode) => exitCode switch
    {
        0 => ("green", "PASS", "pass"),
        1 => ("red", "FAIL", "fail"),
        _ => ("yellow", "NOT TESTED", "warn"),
    };

    /// <summary>The heading under which a report groups a finding: its operation, or the agreement between operations
    /// for the rules that compare them.</summary>
    public static string Group(Finding f) => f.Operation ?? "agreement between operations";

    /// <summary>"3 failed, 1 warning, 120 passed, ...": every result with its count, in one order, adding up to the total.</summary>
    public static string Counts(Summary s) =>
        string.Join(", ", Enum.GetValues<Result>().Select(r => $"{s.Count(r)} {Label(r)}")) + $" ({s.Total} checks)";
}
