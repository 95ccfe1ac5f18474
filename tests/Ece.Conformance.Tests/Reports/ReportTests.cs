using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Json.Schema;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Reports;

public class ReportTests
{
    private const string Hostile = "<script>alert(1)</script>|`**\u0001";

    // One run serves every test that reads its outputs: they only read, and a run costs seconds.
    private static readonly Lazy<Task<Runner.Outcome>> s_hostileRun = new(RunAgainstHostileTarget);

    private static readonly JsonSchema s_reportSchema = JsonSchema.FromText(File.ReadAllText(RepositoryFiles.Path("conformance", "report.schema.json")));

    /// <summary>A run with failures, a warning, and target text made to break reports (run once, shared).</summary>
    private static Task<Runner.Outcome> HostileRun() => s_hostileRun.Value;

    private static async Task<Runner.Outcome> RunAgainstHostileTarget()
    {
        await using var target = await FakeTarget.StartAsync(FirstOf(
            Replace("capacity", ">4<", $">{System.Security.SecurityElement.Escape(Hostile).Replace("\u0001", "", StringComparison.Ordinal)}<"),
            Answer("liveSessionStatus", "1000", _ => new Reply(200, "text/html", "<html><script>alert('x')</script>\u0001</html>")),
            Replace("chatAllowed", "xmlns:ns2=", "xmlns:n=") is var m ? async c => await m(c) is { } r ? r with { Body = r.Body.Replace("ns2:", "n:", StringComparison.Ordinal) } : null : null!));
        return await Runner.RunAsync(target.Url);
    }

    [Test]
    public async Task The_junit_report_validates_against_the_junit_schema_and_counts_right()
    {
        var run = await HostileRun();
        var path = Path.Combine(run.ReportDirectory, "report.junit.xml");

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        var document = XDocument.Load(path);
        document.Validate(schemas, (_, e) => errors.Add(e.Message));

        errors.Should().BeEmpty();
        var root = document.Root!;
        int.Parse(root.Attribute("failures")!.Value).Should().Be(run.Result.Findings.Count(f => f.FailsGate)).And.BePositive();
        int.Parse(root.Attribute("tests")!.Value).Should().Be(root.Descendants("testcase").Count());
        root.Descendants("failure").Select(f => f.Attribute("type")!.Value).Should().Contain(["ECE-CP-001", "ECE-GN-003"]);
    }

    [Test]
    public async Task The_html_report_is_self_contained_and_shows_target_text_only_as_text()
    {
        var run = await HostileRun();
        var html = File.ReadAllText(Path.Combine(run.ReportDirectory, "report.html"));

        html.Should().NotContain("<script").And.NotContain("src=\"http").And.NotContain("href=\"http");
        html.Should().Contain("&lt;script&gt;alert(");
        html.Should().Contain("ECE-CP-001").And.Contain("Expected").And.Contain("Request #").And.Contain("NOT CONFORMANT");
        System.Net.WebUtility.HtmlDecode(html).Should().Contain("Une réponse Vrai signifie qu'un agent est disponible.", "every rule shows its source quote");
        html.Should().Contain("disponibilité", "letters are kept as they are in a UTF-8 file");
    }

    [Test]
    public async Task The_json_report_has_the_documented_schema_version_and_reads_back()
    {
        var run = await HostileRun();
        var path = Path.Combine(run.ReportDirectory, "report.json");

        var report = JsonReport.Read(path);

        report.SchemaVersion.Should().Be(ReportModel.CurrentSchemaVersion);
        report.Verdict.ExitCode.Should().Be(1);
        report.Results.Should().HaveCount(run.Result.Findings.Count);
        report.Exchanges.Should().OnlyContain(x => x.Id > 0);
    }

    [Test]
    public async Task The_json_report_validates_against_its_published_schema()
    {
        var run = await HostileRun();

        SchemaErrors(JsonNode.Parse(File.ReadAllText(Path.Combine(run.ReportDirectory, "report.json")))).Should().BeEmpty();
    }

    // The schema must refuse a broken report, or the validation above could not fail: each case breaks a copy of a
    // real report.json in one place and expects an error there.
    [TestCase("remove", "", "verdict", "required")]
    [TestCase("remove", "/results/0", "rule", "required")]
    [TestCase("string", "", "durationMs", "type")]
    [TestCase("string", "/exchanges/0", "id", "type")]
    [TestCase("string", "/summary", "failed", "type")]
    [TestCase("lowercase", "/results/0", "level", "enum")]
    public async Task A_report_missing_a_required_member_or_with_a_wrong_type_fails_the_schema(string change, string at, string member, string keyword)
    {
        var run = await HostileRun();
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(run.ReportDirectory, "report.json")))!;
        var parent = at.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(report, (node, step) => int.TryParse(step, out var i) ? node[i]! : node[step]!).AsObject();
        switch (change)
        {
            case "remove": parent.Remove(member); break;
            case "string": parent[member] = parent[member]!.ToJsonString(); break;
            default: parent[member] = parent[member]!.GetValue<string>().ToLowerInvariant(); break;
        }

        var where = change == "remove" ? at : $"{at}/{member}";
        SchemaErrors(report).Should().Contain(e => e.StartsWith($"'{where}' {keyword}:", StringComparison.Ordinal)
            && (change != "remove" || e.Contains($"\"{member}\"", StringComparison.Ordinal)));
    }

    /// <summary>Every error of <paramref name="report"/> against conformance/report.schema.json, as "'instance location' keyword: message".</summary>
    internal static List<string> SchemaErrors(JsonNode? report)
    {
        var result = s_reportSchema.Evaluate(report, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"'{d.InstanceLocation}' {e.Key}: {e.Value}"))];
    }

    [Test]
    public void The_published_schema_states_the_schema_version_the_runner_writes()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("conformance", "report.schema.json")))!;
        var version = ReportModel.CurrentSchemaVersion;

        schema["properties"]!["schemaVersion"]!["const"]!.GetValue<int>().Should().Be(version);
        schema["$id"]!.GetValue<string>().Should().EndWith($"/v{version}");
        schema["title"]!.GetValue<string>().Should().EndWith($"schema version {version}");
        File.ReadAllText(RepositoryFiles.Path("README.md")).Should().Contain($"`schemaVersion` {version}", "the README says which version report.json is");
    }

    [TestCase("{\"schemaVersion\": 99}", "schema version 99")]
    [TestCase("{\"schemaVersion\": 0}", "schema version 0")]
    [TestCase("{\"verdict\": \"x\"}", "no schemaVersion")]
    [TestCase("{\"tool\": {}}", "not an ece-conformance JSON report")]
    [TestCase("not json", "not a readable JSON report")]
    [TestCase("", "not a readable JSON report")]
    public void A_report_of_another_schema_or_no_report_is_refused_clearly(string content, string says)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, content);

        var act = () => JsonReport.Read(path);

        act.Should().Throw<UsageException>().Where(e => e.Message.Contains(says, StringComparison.Ordinal));
    }

    // A report from anywhere (edited by hand, cut by a full disk, made by another tool) is refused by the file's fault,
    // never met as a null or an unknown level halfway through a comparison (an internal error before).
    [TestCase("a null result", "$.results[0] is null")]
    [TestCase("no results", "not a whole ece-conformance report")]
    [TestCase("results null", "not a whole ece-conformance report")]
    [TestCase("an unknown level", "the level 'BOGUS', which is none of MUST, SHOULD, MAY")]
    [TestCase("an unknown outcome", "not a whole ece-conformance report")]
    [TestCase("an outcome as a number", "not a whole ece-conformance report")]
    [TestCase("an exchange without its url", "not a whole ece-conformance report")]
    [TestCase("an array", "no schemaVersion")]
    [TestCase("a fractional schemaVersion", "no schemaVersion")]
    [TestCase("a schemaVersion in quotes", "no schemaVersion")]
    [TestCase("a target without its kind", "not a whole ece-conformance report")]
    [TestCase("a member name that is no text", "not a whole ece-conformance report")]
    [TestCase("a rule id of 5 MB", "is no rule id (such as ECE-GN-001)")]
    [TestCase("a message of 20,000 characters", "far longer than the runner writes")]
    public async Task A_damaged_report_is_refused_for_what_is_wrong_with_it(string damage, string says)
    {
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine((await s_hostileRun.Value).ReportDirectory, "report.json")))!;
        JsonNode damaged = damage switch
        {
            "a null result" => Set(report, r => r["results"]!.AsArray()[0] = null),
            "no results" => Set(report, r => r.AsObject().Remove("results")),
            "results null" => Set(report, r => r["results"] = null),
            "an unknown level" => Set(report, r => r["results"]![0]!["level"] = "BOGUS"),
            "an unknown outcome" => Set(report, r => r["results"]![0]!["outcome"] = "maybe"),
            "an outcome as a number" => Set(report, r => r["results"]![0]!["outcome"] = 99),
            "an exchange without its url" => Set(report, r => r["exchanges"]![0]!.AsObject().Remove("url")),
            "an array" => new JsonArray(report.DeepClone()),
            "a schemaVersion in quotes" => Set(report, r => r["schemaVersion"] = "2"),
            "a target without its kind" => Set(report, r => r["target"]!.AsObject().Remove("kind")),
            "a member name that is no text" => report,
            "a rule id of 5 MB" => Set(report, r => r["results"]![0]!["rule"] = new string('X', 5_000_000)),
            "a message of 20,000 characters" => Set(report, r => r["results"]![0]!["message"] = new string('x', 20_000)),
            _ => Set(report, r => r["schemaVersion"] = 2.5),
        };
        var path = Path.GetTempFileName();
        // A lone surrogate, escaped: JSON that parses, with a name no string can hold.
        await File.WriteAllTextAsync(path, damage == "a member name that is no text"
            ? damaged.ToJsonString().Replace("\"target\":{", "\"target\":{\"\\ud800\":1,", StringComparison.Ordinal) : damaged.ToJsonString());

        var act = () => JsonReport.Read(path);

        act.Should().Throw<UsageException>().Where(e => e.Message.StartsWith(path, StringComparison.Ordinal) && e.Message.Contains(says, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_whole_report_reads_back_as_written()
    {
        var path = Path.Combine((await s_hostileRun.Value).ReportDirectory, "report.json");

        var report = JsonReport.Read(path);

        JsonReport.Render(report).Should().Be(await File.ReadAllTextAsync(path), "the damaged reports above are refused by what changed, not by reading");
    }

    [Test]
    public async Task A_report_without_the_members_the_schema_lets_it_leave_out_reads_and_keeps_to_the_schema()
    {
        // Members that may be null may be missing (report.schema.json does not require them): another tool's report,
        // or one written with nulls left out, is compared as the same report.
        var path = Path.Combine((await s_hostileRun.Value).ReportDirectory, "report.json");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        foreach (var result in report["results"]!.AsArray())
        {
            foreach (var member in new[] { "operation", "entryPoint", "expected", "actual" })
            {
                result!.AsObject().Remove(member);
            }
        }
        var lean = Path.GetTempFileName();
        await File.WriteAllTextAsync(lean, report.ToJsonString());
        SchemaErrors(report).Should().BeEmpty();

        var read = JsonReport.Read(lean);

        read.Results.Should().HaveCount(report["results"]!.AsArray().Count).And.OnlyContain(r => r.Expected == null && r.Operation == null);
    }

    [Test]
    public async Task A_report_saved_with_a_byte_order_mark_reads_as_without()
    {
        var path = Path.Combine((await s_hostileRun.Value).ReportDirectory, "report.json");
        var marked = Path.GetTempFileName();
        await File.WriteAllTextAsync(marked, await File.ReadAllTextAsync(path), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        JsonReport.Render(JsonReport.Read(marked)).Should().Be(JsonReport.Render(JsonReport.Read(path)));
    }

    [Test]
    public async Task A_report_whose_members_come_in_another_order_reads_as_the_same_report()
    {
        // jq -S sorts the members: the target's kind then comes after its entry points.
        var path = Path.Combine((await s_hostileRun.Value).ReportDirectory, "report.json");
        var target = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var kind = target["target"]!["kind"]!.GetValue<string>();
        target["target"]!.AsObject().Remove("kind");
        target["target"]!["kind"] = kind;
        var sorted = Path.GetTempFileName();
        await File.WriteAllTextAsync(sorted, target.ToJsonString());

        JsonReport.Render(JsonReport.Read(sorted)).Should().Be(JsonReport.Render(JsonReport.Read(path)));
    }

    [TestCase("/dev/zero")]
    [TestCase("/dev/urandom")]
    public void A_device_given_as_a_report_is_refused_at_the_size_a_report_has(string device)
    {
        // A device has no length to ask: read whole, /dev/zero took ~2 GB before an OverflowException.
        var act = () => JsonReport.Read(device);

        act.Should().Throw<UsageException>().Where(e => e.Message.Contains($"{device} is over {JsonReport.MaxReportBytes >> 20} MiB", StringComparison.Ordinal));
    }

    private static JsonNode Set(JsonNode report, Action<JsonNode> change)
    {
        var copy = report.DeepClone();
        change(copy);
        return copy;
    }

    [Test]
    public async Task The_markdown_summary_keeps_its_tables_intact_whatever_the_target_sent()
    {
        var run = await HostileRun();
        var markdown = File.ReadAllText(Path.Combine(run.ReportDirectory, "report.md"));

        markdown.Should().StartWith("## FAIL").And.Contain("| ECE-CP-001 | MUST |").And.NotContain("<script");
        foreach (var row in markdown.Split('\n').Where(l => l.StartsWith('|')))
        {
            row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|').Should().BeOneOf(5, 7, 10);
        }
    }

    [Test]
    public async Task A_target_cannot_send_terminal_escape_sequences_through_the_console()
    {
        // ESC is no XML character, so it can only come in a malformed body, whose start the console shows.
        await using var target = await FakeTarget.StartAsync(Answer("agentAvailability", "1000", r => r with { Body = "\u001b[2J\u001b]0;owned\u0007" + r.Body }));

        var run = await Runner.RunAsync(target.Url);

        run.Failed(Spec.RuleLevel.Must).Should().Contain("ECE-GN-004");
        run.Console.Should().Contain("\\u001b[2J", "the sequence is shown as text").And.NotContain("\u001b").And.NotContain("\u0007");
    }

    [Test]
    public async Task The_console_says_the_verdict_and_the_failing_rule()
    {
        var run = await HostileRun();

        run.Console.Should().Contain("NOT CONFORMANT").And.Contain("ECE-CP-001 MUST failed").And.Contain("warning").And.Contain("replay:   curl -i");
    }

    [Test]
    public async Task Every_output_of_one_run_gives_the_same_counts_and_they_add_up()
    {
        var run = await HostileRun();
        var json = JsonReport.Read(Path.Combine(run.ReportDirectory, "report.json"));
        var counts = Verdicts.Counts(json.Summary);

        json.Summary.Total.Should().Be(run.Result.Findings.Count);
        counts.Should().Contain($"({run.Result.Findings.Count} checks)");
        run.Console.Should().Contain(counts);
        File.ReadAllText(Path.Combine(run.ReportDirectory, "report.md")).Should().Contain(counts);
        System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(run.ReportDirectory, "report.html"))).Should().Contain(counts);
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(run.ReportDirectory, "report.junit.xml")).Root!;
        ((int)junit.Attribute("tests")!).Should().Be(json.Summary.Total + 1, "one case per check, and one for the run");
        ((int)junit.Attribute("failures")!).Should().Be(json.Summary.Failed);
    }
}
