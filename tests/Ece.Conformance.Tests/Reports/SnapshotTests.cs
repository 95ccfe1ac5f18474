using System.Text.RegularExpressions;
using Ece.Conformance.Commands;
using Ece.Conformance.Running;
using Spectre.Console;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Reports;

/// <summary>What a person reads, pinned: the console, Markdown, JUnit, HTML, the fleet summary and compare for fixed runs,
/// with times, ports and durations scrubbed (an output built from a fixed model on a fixed clock is taken whole),
/// against the approved files in Reports/Approved. A change of output
/// fails with the first differing line and leaves the new text beside the approved one (*.received.txt);
/// ECE_APPROVE=1 accepts it.</summary>
[NonParallelizable]
public partial class SnapshotTests
{
    /// <summary>One of every result: failed (a negative capacity), warning (a 500 for a bad id), information (Accept
    /// ignored), not judged (a 500), known failure (in the baseline), passed, not applicable, skipped.</summary>
    private static Mutation EveryResult() => FirstOf(
        Replace("capacity", ">4<", ">-1<"),
        Replace("agentAvailability", "available=\"true\"", "available=\"1\""),
        Answer("liveSessionStatus", Example, _ => new Reply(500, "text/plain", "Unable to retrieve")),
        Answer(null, "abc", _ => new Reply(500, "text/plain", "NumberFormatException")),
        async call => call.Context.Request.Headers.Accept.ToString().Contains("png", StringComparison.Ordinal) && call.Operation == "checkEligibility"
            ? new Reply(200, "application/xml", (await call.Upstream()).Body) : null);

    [Test]
    public async Task A_conformant_run_reads_as_approved()
    {
        var run = await Runner.RunAsync((Uri?)null);

        Approve("conformant.console.txt", run.Console.Replace(run.ReportDirectory, "REPORTS", StringComparison.Ordinal));
        Approve("conformant.report.md", Read(run, "report.md"));
        Approve("conformant.report.junit.xml", Read(run, "report.junit.xml"));
    }

    [Test]
    public async Task A_run_with_every_result_reads_as_approved()
    {
        await using var target = await FakeTarget.StartAsync(EveryResult());
        var baseline = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.json");
        new Baseline(1, [new BaselineEntry("ECE-AV-002", Why: "vendor writes 1", Ticket: "ECE-1")]).Save(baseline);

        var run = await Runner.RunAsync(target.Url, o => o with { Baseline = baseline });

        Approve("every-result.console.txt", run.Console.Replace(run.ReportDirectory, "REPORTS", StringComparison.Ordinal));
        Approve("every-result.report.md", Read(run, "report.md"));
        Approve("every-result.report.junit.xml", Read(run, "report.junit.xml"));
        Approve("every-result.report.html", Read(run, "report.html").Replace("><", ">\n<", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_run_under_the_wrong_base_path_reads_as_approved_with_the_diagnosis_first_and_whole()
    {
        await using var target = await FakeTarget.StartAsync(ServedUnder("/system/ws"));

        var run = await Runner.RunAsync(target.Url);

        Approve("wrong-base-path.console.txt", run.Console.Replace(run.ReportDirectory, "REPORTS", StringComparison.Ordinal).Replace(target.Url.ToString().TrimEnd('/'), "http://target", StringComparison.Ordinal));
        Approve("wrong-base-path.report.md", Read(run, "report.md").Replace(target.Url.ToString().TrimEnd('/'), "http://target", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_fleet_run_and_a_compare_read_as_approved()
    {
        await using var good = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        await using var broken = await FakeTarget.StartAsync(Replace("capacity", ">4<", ">-1<"));
        var options = Runner.Options(null, o => o with { Targets = [good.Url, broken.Url] });
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        await FleetRun.RunAsync(options, console, CancellationToken.None);
        var summary = File.ReadAllText(Path.Combine(options.ReportDirectory, "summary.md"))
            .Replace(good.Url.ToString().TrimEnd('/'), "http://good", StringComparison.Ordinal).Replace(broken.Url.ToString().TrimEnd('/'), "http://broken", StringComparison.Ordinal);
        var reports = Directory.GetDirectories(options.ReportDirectory).OrderBy(d => d.Contains(broken.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        var comparison = Ece.Conformance.Reports.Comparison.Between(
            Ece.Conformance.Reports.JsonReport.Read(Path.Combine(reports[0], "report.json")), Ece.Conformance.Reports.JsonReport.Read(Path.Combine(reports[1], "report.json")));

        Approve("fleet.summary.md", summary);
        Approve("compare.txt", Ece.Conformance.Reports.ComparisonReport.Text(comparison));
        Approve("compare.md", Ece.Conformance.Reports.ComparisonReport.Markdown(comparison));
    }

    private static string Read(Runner.Outcome run, string file) => File.ReadAllText(Path.Combine(run.ReportDirectory, file));

    /// <param name="scrub">Whether the text has times, ports and durations to scrub: false for an output built from a
    /// fixed model on a fixed clock, which has none, and whose every figure is then pinned as it is.</param>
    internal static void Approve(string name, string text, bool scrub = true)
    {
        var received = scrub ? Scrub(text) : text.ReplaceLineEndings("\n");
        var path = RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Reports", "Approved", name);
        if (Environment.GetEnvironmentVariable("ECE_APPROVE") == "1")
        {
            File.WriteAllText(path, received);
            return;
        }
        var approved = File.Exists(path) ? File.ReadAllText(path) : "";
        if (approved != received)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received" + Path.GetExtension(path)), received);
        }
        var (expected, actual) = FirstDifference(approved, received);
        actual.Should().Be(expected, $"{name} differs from the approved file (see *.received beside it; ECE_APPROVE=1 accepts it)");
    }

    private static (string, string) FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var (x, y) = (a.ElementAtOrDefault(i) ?? "(end)", r.ElementAtOrDefault(i) ?? "(end)");
            if (x != y)
            {
                return ($"line {i + 1}: {x}", $"line {i + 1}: {y}");
            }
        }
        return ("", "");
    }

    /// <summary>What changes from run to run and says nothing about the output's form.</summary>
    internal static string Scrub(string text)
    {
        text = Ports().Replace(text, "127.0.0.1-PORT");
        text = Timestamps().Replace(text, "TIME");
        text = HttpDates().Replace(text, "HTTP-DATE");
        text = Durations().Replace(text, "N ms");
        text = Seconds().Replace(text, "N s");
        text = Progress().Replace(text, "");
        text = JUnitTimes().Replace(text, "$1=\"T\"");
        return text.ReplaceLineEndings("\n");
    }

    [GeneratedRegex(@"127\.0\.0\.1[:-]\d+")]
    private static partial Regex Ports();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?( UTC)?")]
    private static partial Regex Timestamps();

    // A Date header, as the HTML report shows a response's headers.
    [GeneratedRegex(@"\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b")]
    private static partial Regex HttpDates();

    [GeneratedRegex(@"\d+ ms")]
    private static partial Regex Durations();

    [GeneratedRegex(@"\d+(\.\d+)? s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"(?m)^  \d+/\d+ checks.*\n")]
    private static partial Regex Progress();

    [GeneratedRegex(@"\b(time|timestamp)=""[^""]*""")]
    private static partial Regex JUnitTimes();
}
