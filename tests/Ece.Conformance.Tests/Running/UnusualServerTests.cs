using Ece.Conformance.Commands;
using Ece.Spec;
using Microsoft.AspNetCore.Http;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

/// <summary>Servers that answer differently from the reference server but legally, many of them as real servers were
/// seen to answer (spec/observed.yaml): each must be found conformant, warning on exactly the SHOULD rules it bends.</summary>
public class UnusualServerTests
{
    private const string Chat = "http://bindings.egain.com/chat";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    internal sealed record Unusual(string Name, Mutation Mutation, string[] Warnings, string Scenario = "default", Func<RunOptions, RunOptions>? Change = null)
    {
        public override string ToString() => Name;
    }

    internal static IEnumerable<Unusual> Cases() =>
    [
        new("another prefix for the chat namespace", FirstOf(
            Replace("capacity", "xmlns:ns2=", "xmlns:chat="), Replace("liveSessionStatus", "xmlns:ns2=", "xmlns:chat="))
            is var m ? Prefix(m) : null!, ["ECE-GN-008"]),
        new("a default namespace on the children", Replace("capacity", "<ns2:count>4</ns2:count>", $"<count xmlns=\"{Chat}\">4</count>"), ["ECE-GN-008"]),
        new("no XML declaration", Answer(null, null, r => r with { Body = r.Body.Replace(Declaration, "", StringComparison.Ordinal) }), []),
        new("single quotes", Answer(null, null, r => r with { Body = r.Body.Replace('"', '\'') }), []),
        new("text/xml", Answer(null, null, r => r with { ContentType = r.ContentType?.Replace("application/xml", "text/xml", StringComparison.Ordinal) }), []),
        new("application/xml without charset", Answer(null, null, r => r with { ContentType = r.ContentType?.Replace("; charset=utf-8", "", StringComparison.Ordinal) }), []),
        new("reordered attributes", Answer("chatAllowed", null, r => r with
        {
            Body = System.Text.RegularExpressions.Regex.Replace(r.Body, "<chatAllowed (.*?) (allowed=\"[a-z]+\")", "<chatAllowed $2 $1"),
        }), []),
        new("extra white space and indentation", Answer(null, null, r => r with
        {
            Body = r.Body.Replace("><", ">\n  <", StringComparison.Ordinal).Replace("<ns2:count>4<", "<ns2:count> 4 <", StringComparison.Ordinal),
        }), []),
        new("none of the unused namespace declarations", Answer(null, null, r => r with
        {
            Body = System.Text.RegularExpressions.Regex.Replace(r.Body, " xmlns:ns[345]=\"[^\"]*\"", ""),
        }), []),
        new("a UTF-8 byte order mark", Answer(null, null, r => r with { Body = "\uFEFF" + r.Body }), []),
        new("a comment and a processing instruction", Answer(null, null, r => r with { Body = r.Body.Replace("?><", "?><!-- ECE 11.6 --><?render fast?><", StringComparison.Ordinal) }), []),
        new("an extra attribute and an extra child", FirstOf(
            Replace("chatAllowed", "allowed=\"true\"", "allowed=\"true\" vendor=\"x\""),
            Replace("capacity", "</availableSlots>", $"<ns2:updated>now</ns2:updated></availableSlots>")), []),
        new("no JSON form and Accept ignored", async call =>
            call.Context.Request.Headers.Accept.ToString() is var accept && (accept.Contains("json", StringComparison.Ordinal) || accept.Contains("png", StringComparison.Ordinal))
                ? call.Context.Request.Path.Value!.Contains("/survey", StringComparison.Ordinal) ? null : await AsXml(call)
                : null, []),
        new("the ECE 12 capture of agentAvailability (OBS-01)", Answer("agentAvailability", Example, _ => Xml(Observed("ece12-agentAvailability.xml"))), []),
        new("GOV.UK's checkEligibility fixture (OBS-06)", Answer("checkEligibility", Example, _ => Xml(Observed("alphagov-checkEligibility-fixture.xml"))), []),
        new("text/xml with a quoted charset", Answer(null, null, r => r with { ContentType = r.ContentType?.Replace("application/xml; charset=utf-8", "text/xml; charset=\"UTF-8\"", StringComparison.Ordinal) }), []),
        new("Application/XML in capitals", Answer(null, null, r => r with { ContentType = r.ContentType?.Replace("application/xml; charset=utf-8", "Application/XML; charset=\"UTF-8\"", StringComparison.Ordinal) }), []),
        new("a 500 for ids that cannot be entry points", FirstOf(
            Answer(null, "abc", _ => new Reply(500, "text/plain", "NumberFormatException")),
            Answer(null, "9223372036854775808", _ => new Reply(500, "text/plain", "NumberFormatException"))), ["ECE-GN-014"]),
        new("a 200 that says no for ids that cannot be entry points", FirstOf(
            BrokenServerTests.AsId("abc", long.MaxValue.ToString()), BrokenServerTests.AsId("9223372036854775808", long.MaxValue.ToString())), ["ECE-GN-014"]),
        new("capacity counted over all agents (OBS-02)", Replace("capacity", "<ns2:count>0</ns2:count>", "<ns2:count>3</ns2:count>"), ["ECE-XO-004"], Scenario: "no-agents"),
        new("agents not required: available with no agent (OBS-03)", (_ => Task.FromResult<Reply?>(null)), [], Scenario: "agents-not-required"),
        new("a comment that mentions <!DOCTYPE", Answer(null, null, r => r with { Body = r.Body.Replace("?><", "?><!-- no <!DOCTYPE here --><", StringComparison.Ordinal) }), []),
        new("the JSON form with more members, as eGain's cloud API (OBS-05)", Answer(null, null, r => r.ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? r with { Body = r.Body.Replace("{", "{\"entryPointId\":1000,", StringComparison.Ordinal) } : r), []),
        new("a Content-Type with an empty parameter", Answer(null, null, r => r with { ContentType = r.ContentType?.Replace("application/xml; charset=utf-8", "application/xml; charset=UTF-8;", StringComparison.Ordinal) }), []),
        new("a windows-1252 declaration", Answer(null, null, r => r with { Body = r.Body.Replace("encoding=\"UTF-8\"", "encoding=\"windows-1252\"", StringComparison.Ordinal) }), []),
        new("a capacity beyond every number type", Replace("capacity", "<ns2:count>4</ns2:count>", $"<ns2:count>{new string('9', 30)}</ns2:count>"), []),
        new("a refusal without reason", Replace("chatAllowed", "allowed=\"true\"", "allowed=\"false\""), ["ECE-CA-003"]),
        new("an answer labelled only with a +xml type", Answer("capacity", Example, r => r with { ContentType = "application/vnd.egain.chat+xml" }), ["ECE-GN-015"]),
        new("answers slower than polling clients wait", async call =>
        {
            await Task.Delay(300);
            return null;
        }, ["ECE-GN-017"], Change: o => o with { Checks = o.Checks with { LatencyBudget = TimeSpan.FromMilliseconds(100) } }),
        new("a cross-origin allowance for the site's origin", AllowOrigin("https://www.example.com"), [], Change: o => o with { Checks = o.Checks with { Origin = "https://www.example.com", AllowWrites = true } }),
        new("no cross-origin allowance, checked without --origin", (_ => Task.FromResult<Reply?>(null)), []),
        // ECE behind the site's own reverse proxy: the page and the API share an origin, and a browser asks nothing.
        new("no cross-origin allowance where the site is the target's own origin", (_ => Task.FromResult<Reply?>(null)), [],
            Change: o => o with { Checks = o.Checks with { Origin = o.Targets[0].GetLeftPart(UriPartial.Authority) } }),
    ];

    private static IEnumerable<TestCaseData> Refusals()
    {
        yield return new TestCaseData("no cross-origin allowance for the site's origin", (Mutation)(_ => Task.FromResult<Reply?>(null)), new[] { "ECE-GN-018", "ECE-SV-005" }, "No 'Access-Control-Allow-Origin' header is present");
        yield return new TestCaseData("an allowance for another origin", (Mutation)AllowOrigin("https://shop.example.com"), new[] { "ECE-GN-018", "ECE-SV-005" }, "not equal to the supplied origin");
        yield return new TestCaseData("an allowance on the answers but no preflight for the survey", (Mutation)(async call =>
        {
            call.Context.Response.Headers.AccessControlAllowOrigin = "https://www.example.com";
            return HttpMethods.IsOptions(call.Context.Request.Method) ? new Reply(405, "text/plain", "Method Not Allowed") : null;
        }), new[] { "ECE-SV-005" }, "It does not have HTTP ok status");
    }

    /// <summary>Once the operator names the site's origin, an ECE that refuses it breaks every button there: a MUST
    /// (the survey's preflight with --allow-writes), with what a browser on that origin would report.</summary>
    [TestCaseSource(nameof(Refusals))]
    public async Task With_origin_an_ece_that_refuses_that_origin_fails_a_must_rule(string name, Mutation mutation, string[] failed, string browserSays)
    {
        await using var target = await FakeTarget.StartAsync(mutation);

        var run = await Runner.RunAsync(target.Url, o => o with { Checks = o.Checks with { Origin = "https://www.example.com", AllowWrites = true } });

        run.Failed(RuleLevel.Must).Should().BeEquivalentTo(failed, run.Console);
        run.Verdict.ExitCode.Should().Be(1);
        run.Result.Findings.Where(f => f.Outcome == Ece.Conformance.Checks.Outcome.Failed).Should().Contain(f => f.Message.Contains("blocked by CORS policy") && f.Message.Contains(browserSays));
    }

    [Test]
    public async Task With_origin_on_a_read_only_run_the_survey_preflight_is_not_judged()
    {
        await using var target = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));

        var run = await Runner.RunAsync(target.Url, o => o with { Checks = o.Checks with { Origin = "https://www.example.com" } });

        run.Failed(RuleLevel.Must).Should().Equal(["ECE-GN-018"], run.Console);
        run.Result.Findings.Single(f => f.Rule.Id == "ECE-SV-005").Outcome.Should().Be(Ece.Conformance.Checks.Outcome.Skipped);
    }

    private static IEnumerable<string> Names() => Cases().Select(c => c.Name);

    [TestCaseSource(nameof(Names))]
    public async Task An_unusual_but_correct_server_is_conformant(string name)
    {
        var unusual = Cases().Single(c => c.Name == name);
        await using var target = await FakeTarget.StartAsync(unusual.Mutation, unusual.Scenario);

        var run = await Runner.RunAsync(target.Url, unusual.Change);

        run.Failed(RuleLevel.Must).Should().BeEmpty(run.Console);
        run.Failed(RuleLevel.Should).Should().BeEquivalentTo(unusual.Warnings, run.Console);
        run.Verdict.ExitCode.Should().Be(0);
    }

    private static string Observed(string file) => File.ReadAllText(RepositoryFiles.Path("spec", "examples", "observed", file));

    /// <summary>Allows <paramref name="origin"/> as a CORS-aware ECE does: on every answer, and on the survey's preflight.</summary>
    private static Mutation AllowOrigin(string origin) => async call =>
    {
        var response = call.Context.Response;
        response.Headers.AccessControlAllowOrigin = origin;
        if (HttpMethods.IsOptions(call.Context.Request.Method))
        {
            response.Headers.AccessControlAllowHeaders = "Content-Type";
            response.Headers.AccessControlAllowMethods = "GET, POST";
            return new Reply(204, null, "");
        }
        return null;
    };

    private static IEnumerable<TestCaseData> CapturedAnswers() =>
        from e in EceSpec.Default.Evidence
        from body in e.BodyTexts
        let root = System.Xml.Linq.XDocument.Parse(body.Text).Root!
        let op = EceSpec.Default.ReadOnlyOperations.FirstOrDefault(o => o.Response!.Root.LocalName == root.Name.LocalName)
        where op is not null
        select new TestCaseData(op.Id, body.Text, root.Elements().Any(c => c.Name.Namespace != EceSpec.Default.ChatNamespace)).SetArgDisplayNames(e.Id, body.File);

    /// <summary>Each answer captured from a real server (spec/observed.yaml), served for its operation, passes every MUST
    /// rule; only children in eGain's namespace from before 11.6 fail, and fail ECE-GN-007 alone.</summary>
    [TestCaseSource(nameof(CapturedAnswers))]
    public async Task A_captured_answer_of_a_real_server_passes_every_must_rule(string operation, string body, bool legacyChildren)
    {
        await using var target = await FakeTarget.StartAsync(Answer(operation, Example, _ => Xml(body)));

        var run = await Runner.RunAsync(target.Url);

        run.Failed(RuleLevel.Must).Should().Equal(legacyChildren ? ["ECE-GN-007"] : [], run.Console);
        if (legacyChildren)
        {
            run.Result.Findings.Single(f => f.Rule.Id == "ECE-GN-007" && f.Outcome == Ece.Conformance.Checks.Outcome.Failed).Message.Should().Contain("before ECE 11.6");
        }
    }

    [Test]
    public void There_are_captured_answers_of_real_servers()
    {
        CapturedAnswers().Should().HaveCountGreaterThanOrEqualTo(3);
    }

    /// <summary>The elements of those answers take the prefix the mutated declaration gives them.</summary>
    private static Mutation Prefix(Mutation declarations) => async call =>
        await declarations(call) is { } reply ? reply with { Body = reply.Body.Replace("ns2:", "chat:", StringComparison.Ordinal) } : null;

    /// <summary>Answers XML whatever the Accept, as many servers do.</summary>
    private static async Task<Reply> AsXml(TargetCall call)
    {
        call.Context.Request.Headers.Accept = "application/xml";
        return await call.Upstream();
    }
}
