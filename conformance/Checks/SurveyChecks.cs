using System.Net.Http.Headers;
using System.Xml.Linq;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>Rules of the survey operation. They write to the target, so they run only with --allow-writes,
/// and every body they send says it comes from a conformance test.</summary>
internal static class SurveyChecks
{
    public static readonly IReadOnlyDictionary<string, (CheckScope, CheckAction)> Kinds = new Dictionary<string, (CheckScope, CheckAction)>
    {
        ["survey-accepted"] = (CheckScope.Operation, (call, cancel) => Accepted(call, Plain, requireExact: false, cancel)),
        ["survey-status"] = (CheckScope.Operation, (call, cancel) => Accepted(call, Plain, requireExact: true, cancel)),
        ["survey-namespaced"] = (CheckScope.Operation, (call, cancel) => Accepted(call, Namespaced, requireExact: false, cancel)),
        ["survey-rejects-invalid"] = (CheckScope.Operation, Rejects),
    };

    private const string Plain = "plain";
    private const string Namespaced = "namespaced";
    private const string Invalid = "invalid";

    private static async Task<Finding> Accepted(CheckCall call, string form, bool requireExact, CancellationToken cancel)
    {
        if (!call.Context.Settings.AllowWrites)
        {
            return ReadOnly(call);
        }
        var x = await Post(call, form, cancel);
        var success = call.Operation!.SuccessStatus;
        return x switch
        {
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            { Status: var s } when (requireExact ? s == success : StatusClass.Success(s)) => call.Pass($"Answered {s}.", [x.Id]),
            _ => call.Fail($"The {form} survey is answered {x.Status}.", requireExact ? $"{success}" : "a 2xx status", $"{x.Status}", [x.Id]),
        };
    }

    private static async Task<Finding> Rejects(CheckCall call, CancellationToken cancel)
    {
        if (!call.Context.Settings.AllowWrites)
        {
            return ReadOnly(call);
        }
        var x = await Post(call, Invalid, cancel);
        return x switch
        {
            { Answered: false } => call.Untestable($"No answer: {x.Error}", [x.Id]),
            _ when StatusClass.ClientError(x.Status) => call.Pass($"Answered {x.Status}.", [x.Id]),
            _ => call.Fail("A survey without its question is not refused as the client's error.", "a 4xx status", $"{x.Status}", [x.Id]),
        };
    }

    private static Finding ReadOnly(CheckCall call) =>
        call.Skipped("Read-only run: the survey is posted only with --allow-writes.");

    /// <summary>Each form is posted once per run, whatever the number of rules that judge the answer.</summary>
    private static Task<Exchange> Post(CheckCall call, string form, CancellationToken cancel) =>
        call.Context.Once($"survey {form}", () => Send(call, form, cancel));

    private static Task<Exchange> Send(CheckCall call, string form, CancellationToken cancel)
    {
        var context = call.Context;
        var op = call.Operation!;
        var marker = $"[ece-conformance run {context.Settings.RunId}] A conformance test sent this survey, not a customer; please ignore it.";
        var document = SurveyDocument.Build(op.Request!, form == Namespaced ? context.Spec.ChatNamespace : XNamespace.None, context.Settings.SurveySessionId,
            [(form == Invalid ? null : marker, "Sent by ece-conformance: no answer.")]);
        var content = new StringContent(SurveyDocument.ToText(document));
        var mediaType = op.RequestMediaTypes[form == Namespaced && op.RequestMediaTypes.Count > 1 ? 1 : 0].MediaType;
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = form == Namespaced ? "utf-8" : null };
        return context.Target.SendAsync(HttpMethod.Post, context.PathOf(op), content: content, operation: op.Id, cancel: cancel);
    }
}
