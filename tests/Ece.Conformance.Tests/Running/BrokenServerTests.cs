using Ece.Conformance.Checks;
using Ece.Conformance.Commands;
using Ece.Conformance.Running;
using Ece.Spec;
using Microsoft.AspNetCore.Http;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

/// <summary>Servers that each break one rule: the run must fail exactly that rule (by id) and exit 1 (2 when the target cannot be judged).</summary>
public class BrokenServerTests
{
    private const string Chat = "http://bindings.egain.com/chat";
    private static readonly string Invalid = long.MaxValue.ToString();

    internal sealed record Broken(string Name, Mutation Mutation, string[] FailedMust, int Exit = 1, double Timeout = 5, Func<RunOptions, RunOptions>? Change = null)
    {
        public override string ToString() => Name;
    }

    internal static IEnumerable<Broken> Cases() =>
    [
        new("wrong root name", Replace("chatAllowed", "<chatAllowed ", "<chatallowed "), ["ECE-GN-006"]),
        new("root in the chat namespace", Replace("agentAvailability", "<agentAvailability ", "<ns2:agentAvailability "), ["ECE-GN-006"]),
        new("typo in the chat namespace URI", Replace("capacity", $"xmlns:ns2=\"{Chat}\"", $"xmlns:ns2=\"{Chat}t\""), ["ECE-GN-007"]),
        new("a child in no namespace", Replace("capacity", "<ns2:count>4</ns2:count>", "<count>4</count>"), ["ECE-GN-007"]),
        new("non-boolean available", Replace("agentAvailability", "available=\"true\"", "available=\"yes\""), ["ECE-AV-001"]),
        new("negative capacity", Replace("capacity", ">4<", ">-1<"), ["ECE-CP-001"]),
        new("decimal capacity", Replace("capacity", ">4<", ">4.5<"), ["ECE-CP-001"]),
        new("capacity missing", Replace("capacity", "<ns2:count>4</ns2:count>", ""), ["ECE-CP-001"]),
        new("waitTime missing", Replace("liveSessionStatus", "<ns2:waitTime>3.0</ns2:waitTime>", ""), ["ECE-LS-001"]),
        new("negative waitTime", Replace("liveSessionStatus", ">3.0<", ">-3.0<"), ["ECE-LS-001"]),
        new("queueDepth in exponent notation", Replace("liveSessionStatus", ">1</ns2:queueDepth>", ">1E0</ns2:queueDepth>"), ["ECE-LS-002"]),
        new("responseType 3", Replace("checkEligibility", "responseType=\"0\"", "responseType=\"3\""), ["ECE-CE-001"]),
        new("responseType missing", Replace("checkEligibility", "responseType=\"0\"", ""), ["ECE-CE-001"]),
        new("an unknown reason string", Replace("chatAllowed", "allowed=\"true\"", "allowed=\"false\" reason=\"queue_depth_reaché\""), ["ECE-CA-002"]),
        new("allowed written as yes", Replace("chatAllowed", "allowed=\"true\"", "allowed=\"yes\""), ["ECE-CA-001"]),
        new("the unquoted attribute of the source", Replace("checkEligibility", "responseType=\"0\"", "responseType=0"), ["ECE-GN-004"]),
        new("the broken XML declaration of the source", Replace("chatAllowed", "version=\"1.0\" encoding", "version=\"1.0. encoding"), ["ECE-GN-004"]),
        new("the mangled closing tag of the source", Replace("liveSessionStatus", "</ns2:queueDepth>", "</ns2: queueDepth >"), ["ECE-GN-004"]),
        new("an empty 200", Answer("agentAvailability", "1000", r => r with { Body = "" }), ["ECE-GN-004"]),
        new("an HTML error page with status 200", Answer("liveSessionStatus", "1000", _ => new Reply(200, "text/html", "<html><body><h1>Error</h1><p>Try later<br></p></body></html>")), ["ECE-GN-003", "ECE-GN-004"]),
        new("valid XML sent as text/html", Answer("capacity", "1000", r => r with { ContentType = "text/html" }), ["ECE-GN-003"]),
        new("a missing route", Answer("capacity", null, _ => new Reply(404, "text/plain", "Not Found")), ["ECE-GN-001"]),
        new("a redirect to a login page", Answer("agentAvailability", "1000", _ => new Reply(302, "text/html", "<a href=\"/login\">login</a>")), ["ECE-GN-002"]),
        new("500 everywhere", Answer(null, null, _ => new Reply(500, "text/plain", "Internal Server Error")), ["ECE-CA-005"]),
        new("a non-numeric id answered as an open entry point", Answer(null, "abc", _ => Xml(EceSpec.Default.Examples[0].Text)), ["ECE-GN-009"]),
        new("an id beyond 64 bits read as entry point 1000", AsId("9223372036854775808", Example), ["ECE-GN-010"]),
        new("a query string that changes the answer", async call =>
            call.Operation is not null && call.Context.Request.QueryString.HasValue ? new Reply(400, "text/plain", "Unknown parameter entryPointId") : null, ["ECE-GN-016"]),
        new("JSON booleans written as strings", Answer("agentAvailability", null, r => r.ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? r with { Body = r.Body.Replace("true", "\"false\"", StringComparison.Ordinal) } : r), ["ECE-JS-003"]),
        // OBS-17: eGain's Android demo reads it with JSONObject.getBoolean, which throws on a number.
        new("a JSON available written as the number 1", Answer("agentAvailability", null, r => r.ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? r with { Body = r.Body.Replace("true", "1", StringComparison.Ordinal) } : r), ["ECE-JS-003"]),
        new("bytes that are not UTF-8 in an answer", Handle("chatAllowed", Example, context =>
        {
            context.Response.ContentType = "application/xml";
            byte[] body = [.. "<?xml version=\"1.0\" encoding=\"UTF-8\"?><chatAllowed allowed=\"true\" note=\""u8, 0xC3, 0x28, .. "\"/>"u8];
            return context.Response.Body.WriteAsync(body).AsTask();
        }), ["ECE-GN-004"]),
        new("the children in eGain's namespace from before 11.6", Replace("capacity", $"xmlns:ns2=\"{Chat}\"", "xmlns:ns2=\"com/egain/live/framework/bosh/gen\""), ["ECE-GN-007"]),
        new("no cross-origin allowance for the site's origin (--origin)", (_ => Task.FromResult<Reply?>(null)), ["ECE-GN-018"], Change: o => o with { Checks = o.Checks with { Origin = "https://www.example.com" } }),
        new("answers that flap between open and no agents", Flapping(), ["ECE-XO-005"], Change: o => o with { Filter = new RuleFilter([], ["ECE-GN-016"]) }),
        new("one stale node in three behind a load balancer", StaleNode(), ["ECE-XO-002", "ECE-XO-003"], Change: o => o with { Filter = new RuleFilter([], ["ECE-GN-016"]) }),
        new("JSON booleans as strings after a byte order mark", Answer("agentAvailability", null, r => r.ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? r with { Body = "\uFEFF{\"available\":\"false\"}" } : r), ["ECE-JS-003"]),
        new("JSON booleans as strings under text/plain", Answer("agentAvailability", null, r => r.ContentType?.Contains("json", StringComparison.Ordinal) == true
            ? new Reply(200, "text/plain", "{\"available\":\"false\"}") : r), ["ECE-JS-003"]),
        new("a bad id answered with a capacity beyond every number type", Answer("capacity", "abc", r => Xml(
            $"<availableSlots xmlns:ns2=\"{Chat}\"><ns2:count>{new string('9', 30)}</ns2:count></availableSlots>")), ["ECE-GN-009"]),
        new("an unknown entry point allowed", Replace("chatAllowed", "allowed=\"false\" reason=\"invalid_entry_point\"", "allowed=\"true\"", Invalid), ["ECE-CA-005"]),
        new("an unknown entry point with the wrong reason", Replace("chatAllowed", "invalid_entry_point", "other", Invalid), ["ECE-CA-005"]),
        new("contradicting answers", Replace("agentAvailability", "available=\"true\"", "available=\"false\""), ["ECE-XO-002", "ECE-XO-003"]),
        new("chat allowed while not eligible", Replace("checkEligibility", "responseType=\"0\"", "responseType=\"1\""), ["ECE-XO-001"]),
        new("refused for want of agents while eligible", Replace("chatAllowed", "allowed=\"true\"", "allowed=\"false\" reason=\"agent_not_available\""), ["ECE-XO-005"]),
        new("an entity-expansion bomb", Answer("chatAllowed", "1000", _ => Xml(
            "<?xml version=\"1.0\"?><!DOCTYPE chatAllowed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><chatAllowed allowed=\"&d;\"/>")), ["ECE-GN-005"]),
        new("an external entity", Answer("capacity", "1000", _ => Xml(
            "<!DOCTYPE availableSlots [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><availableSlots xmlns:ns2=\"http://bindings.egain.com/chat\"><ns2:count>&x;</ns2:count></availableSlots>")), ["ECE-GN-005"]),
        new("a 50 MB body", Handle("capacity", "1000", async context =>
        {
            context.Response.ContentType = "application/xml";
            var chunk = System.Text.Encoding.UTF8.GetBytes("<availableSlots>" + Repeat("<x/>", 16_000));
            try
            {
                for (var sent = 0; sent < 50_000_000 && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The runner stops reading and goes away, as it should.
            }
        }), ["ECE-GN-013"]),
        new("a server that never answers", Handle(null, null, async context =>
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
        }), [], Exit: 2, Timeout: 1),
        new("a server that sends headers then stalls the body", Handle("checkEligibility", "1000", async context =>
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<checkEligibility ");
            await context.Response.Body.FlushAsync();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
        }), [], Exit: 2, Timeout: 1),
    ];

    /// <summary>Answers the request for <paramref name="id"/> as if it were for <paramref name="asId"/> (an id that overflows silently).</summary>
    internal static Mutation AsId(string id, string asId) => async call =>
    {
        if (call.Id != id)
        {
            return null;
        }
        call.Context.Request.Path = call.Context.Request.Path.Value![..^id.Length] + asId;
        return await call.Upstream();
    };

    /// <summary>Every third agentAvailability answer says "no agents" while the rest of the node pool says "open": the
    /// state before and after each contradiction is the same, so it is no change of state.</summary>
    private static Mutation StaleNode()
    {
        var count = 0;
        return async call =>
        {
            if (call.Operation != "agentAvailability" || call.Id != Example || call.Context.Request.QueryString.HasValue
                || call.Context.Request.Headers.Accept.ToString().Contains("json", StringComparison.Ordinal))
            {
                return null;
            }
            var reply = await call.Upstream();
            return Interlocked.Increment(ref count) % 3 == 0
                ? reply with { Body = reply.Body.Replace("available=\"true\"", "available=\"false\"", StringComparison.Ordinal) }
                : reply;
        };
    }

    /// <summary>chatAllowed alternates between allowed and refused for want of agents, request after request, while the
    /// other operations say "open": every refused sample contradicts ECE-XO-005, and no two samples in a row agree.</summary>
    private static Mutation Flapping()
    {
        var count = 0;
        return async call =>
        {
            if (call.Operation != "chatAllowed" || call.Id != Example || call.Context.Request.Headers.Accept.ToString().Contains("json", StringComparison.Ordinal))
            {
                return null;
            }
            var reply = await call.Upstream();
            return Interlocked.Increment(ref count) % 2 == 0
                ? reply with { Body = reply.Body.Replace("allowed=\"true\"", "allowed=\"false\" reason=\"agent_not_available\"", StringComparison.Ordinal) }
                : reply;
        };
    }

    // The time limit only stops a hung run from hanging the suite: it sits well past the run's own 60 s deadline
    // (Runner.Options). How fast the runner gives up on a silent or dripping target is HostileTargetTests' business;
    // that every MUST rule on an answer has a server here that breaks it is TraceabilityReportTests'.
    private static IEnumerable<string> Names() => Cases().Select(c => c.Name);

    [TestCaseSource(nameof(Names))]
    [CancelAfter(120_000)]
    public async Task A_broken_server_fails_exactly_its_rule_and_exits_as_it_should(string name)
    {
        var broken = Cases().Single(c => c.Name == name);
        var cancel = TestContext.CurrentContext.CancellationToken;
        await using var target = await FakeTarget.StartAsync(broken.Mutation);

        var run = await Runner.RunAsync(target.Url, o => (broken.Change ?? (x => x))(o with { Connection = o.Connection with { Timeout = TimeSpan.FromSeconds(broken.Timeout) } }), cancel);

        // An interrupted run ends "could not test" (exit 2), which is what the silent servers expect: fail it here.
        cancel.ThrowIfCancellationRequested();
        run.Failed(RuleLevel.Must).Should().Equal(broken.FailedMust.Order(), run.Console);
        run.Verdict.ExitCode.Should().Be(broken.Exit);
    }
}
