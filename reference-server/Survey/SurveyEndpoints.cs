using Ece.ReferenceServer.ChatApi;
using Ece.Spec;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Ece.ReferenceServer.Faults;

namespace Ece.ReferenceServer.Survey;

/// <summary>The survey operation (ECE-SV): POST of an XML survey, stored in memory, answered with the operation's
/// success status; a refusal is a problem details document whose detail says what to change.</summary>
internal static partial class SurveyEndpoints
{
    public static IEndpointRouteBuilder MapSurvey(this IEndpointRouteBuilder routes, EceSpec spec, IEnumerable<string> basePaths)
    {
        var operation = spec.Writing;
        var reader = new SurveyReader(spec, operation.Request!);
        foreach (var basePath in basePaths)
        {
            routes.MapPost(operation.Path(basePath), async Task<Results<StatusCodeHttpResult, ProblemHttpResult>> (HttpContext context, SurveyStore store, FaultInjector faults, TimeProvider time, ILoggerFactory logs, CancellationToken cancel) =>
                {
                    // A fault set on the survey through the control API applies here as on the GET operations.
                    if (await faults.ApplyAsync(operation.Id, cancel) is { Status: { } status })
                    {
                        return Problem(status, $"Fault injected: {operation.Id} answers {status}.");
                    }
                    return await Accept(operation, reader, context, store, time, logs.CreateLogger(typeof(SurveyEndpoints)), cancel);
                })
                .WithName($"{operation.Id} {basePath}")
                .RequireCors(ChatApiEndpoints.CorsPolicy);
        }
        return routes;
    }

    private static async Task<Results<StatusCodeHttpResult, ProblemHttpResult>> Accept(Operation operation, SurveyReader reader, HttpContext context, SurveyStore store, TimeProvider time, ILogger logger, CancellationToken cancel)
    {
        var request = context.Request;
        var offered = operation.RequestMediaTypes.Select(m => m.MediaType).ToList();
        // Media types compare case-insensitively (RFC 9110 8.3.1): eGain's own chat template posts "text/XML".
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !offered.Any(o => MediaTypes.Same(contentType.MediaType.Value, o)))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, $"Send the survey as {string.Join(" or ", offered)}, not '{request.ContentType}'.");
        }
        var limit = operation.MaxBodyBytes ?? long.MaxValue;
        if (request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"A survey may be at most {limit} bytes; this one is {request.ContentLength}.");
        }
        using var body = new MemoryStream();
        if (!await CopyAtMost(request.Body, body, limit, cancel))
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"A survey may be at most {limit} bytes.");
        }
        var (survey, problem) = reader.Read(body.ToArray(), contentType.Charset.Value?.Trim('"'));
        if (survey is null)
        {
            LogRefused(logger, problem!);
            return Problem(StatusCodes.Status400BadRequest, problem!);
        }
        var stored = store.TryAdd(number => new StoredSurvey(number, time.GetUtcNow(), request.ContentType!, survey.Namespace.NamespaceName, survey.Attributes, survey.Items));
        if (stored is null)
        {
            return Problem(StatusCodes.Status507InsufficientStorage, $"The reference server holds at most {store.Capacity} surveys in {store.MaxBytes} bytes (--max-surveys, --max-survey-bytes); clear them through the control API.");
        }
        LogStored(logger, stored.Number, stored.Items.Count);
        return TypedResults.StatusCode(operation.SuccessStatus);
    }

    private static async Task<bool> CopyAtMost(Stream source, Stream target, long limit, CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancel)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancel);
        }
        return true;
    }

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    // Debug: the request log already has a line per survey, within its budget.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Survey {Number} stored with {Items} answers")]
    private static partial void LogStored(ILogger logger, long number, int items);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Survey refused: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);
}
