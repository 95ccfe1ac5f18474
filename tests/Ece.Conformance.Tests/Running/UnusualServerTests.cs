using Ece.Spec;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

/// <summary>Servers that answer differently from the reference server but correctly: each must be found conformant.</summary>
public class UnusualServerTests
{
    private const string Chat = "http://bindings.egain.com/chat";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    public sealed record Unusual(string Name, Mutation Mutation, string[] Warnings)
    {
        public override string ToString() => Name;
    }

    internal static IEnumerable<Unusual> Cases() =>
    [
        new("another prefix for the chat namespace", All(
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
        new("an extra attribute and an extra child", All(
            Replace("chatAllowed", "allowed=\"true\"", "allowed=\"true\" vendor=\"x\""),
            Replace("capacity", "</availableSlots>", $"<ns2:updated>now</ns2:updated></availableSlots>")), []),
        new("no JSON form and Accept ignored", async call =>
            call.Context.Request.Headers.Accept.ToString() is var accept && (accept.Contains("json", StringComparison.Ordinal) || accept.Contains("png", StringComparison.Ordinal))
                ? call.Context.Request.Path.Value!.Contains("/survey", StringComparison.Ordinal) ? null : await AsXml(call)
                : null, []),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task An_unusual_but_correct_server_is_conformant(Unusual unusual)
    {
        await using var target = await FakeTarget.StartAsync(unusual.Mutation);

        var run = await Runner.RunAsync(target.Url);

        run.Failed(RuleLevel.Must).Should().BeEmpty(run.Console);
        run.Failed(RuleLevel.Should).Should().BeEquivalentTo(unusual.Warnings, run.Console);
        run.Verdict.ExitCode.Should().Be(0);
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
