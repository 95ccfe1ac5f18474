using Ece.Spec;

namespace Ece.ReferenceServer.Replay;

/// <summary>--replay: the chat API answers from recordings (HAR files) byte for byte, each operation and entry point
/// in recorded order, cycling; --replay-timing waits as long as each recorded answer took. What was never recorded
/// is answered as the spec's invalid entry point, or, for the runner judging a HAR, marked as not recorded.</summary>
public sealed class Replayer(Recording recording, bool timing, bool markMissing, TimeProvider time)
{
    /// <summary>The status and header of an answer to a request the recording holds nothing for (the runner's --har:
    /// the rules that need it are skipped, "not in the HAR").</summary>
    public const int NotRecordedStatus = 599;
    public const string NotRecordedHeader = "X-Ece-Not-Recorded";

    /// <summary>How long the recorded answer took (ms), on every replayed answer: what the runner's --har judges
    /// latency from.</summary>
    public const string RecordedMsHeader = "X-Ece-Recorded-Ms";

    /// <summary>How long a recorded answer is waited for at most with --replay-timing.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public Recording Recording => recording;

    /// <summary>The recorded answer to serve, or null when the request is to be answered as an invalid entry point.</summary>
    public async Task<IResult?> AnswerAsync(Operation operation, string method, string id, string? accept, CancellationToken cancel)
    {
        if (recording.Next(operation, method, id, accept) is { } recorded)
        {
            if (timing && recorded.TimeMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(recorded.TimeMs, MaxWait.TotalMilliseconds)), time, cancel);
            }
            return new Served(recorded);
        }
        return markMissing ? new NotRecorded() : null;
    }

    private sealed class Served(RecordedAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = answer.Status;
            response.Headers[RecordedMsHeader] = answer.TimeMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (name, value) in answer.Headers)
            {
                response.Headers[name] = value; // as recorded, in place of the server's own (one value, as a browser wants)
            }
            response.Headers[Microsoft.Net.Http.Headers.HeaderNames.Date] = answer.At.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (answer.ContentType is { Length: > 0 } type)
            {
                response.ContentType = type;
            }
            if (answer.Status is < StatusCodes.Status200OK or StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified)
            {
                return; // a status that has no body (RFC 9110): Kestrel refuses one
            }
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, context.RequestAborted);
        }
    }

    private sealed class NotRecorded : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = NotRecordedStatus;
            context.Response.Headers[NotRecordedHeader] = "1";
            return Task.CompletedTask;
        }
    }
}
