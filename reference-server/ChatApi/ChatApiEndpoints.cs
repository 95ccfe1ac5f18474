using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Ece.ReferenceServer.State;
using Ece.Spec;
using Ece.ReferenceServer.Faults;
using Ece.ReferenceServer.Http;

namespace Ece.ReferenceServer.ChatApi;

/// <summary>The five GET operations, one endpoint each, routed from the spec under every base path. Serves the rules
/// of ECE-GN (every GET), ECE-AV, ECE-CP, ECE-LS, ECE-CE and ECE-CA (one operation each) and ECE-XO (every answer
/// from one state, so the operations agree); CORS for ECE-GN-018 is ReferenceServerApp's.</summary>
internal static class ChatApiEndpoints
{
    public const string CorsPolicy = "chat-button";

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes, EceSpec spec, IEnumerable<string> basePaths)
    {
        foreach (var basePath in basePaths)
        {
            foreach (var operation in spec.ReadOnlyOperations)
            {
                routes.MapMethods(operation.Path(basePath), GetAndHead.Methods, (string id, HttpContext context, StateStore store, FaultInjector faults, AnswerCache cache, CancellationToken cancel) =>
                        Answer(spec, operation, id, context, store, faults, cache, cancel))
                    .WithName($"{operation.Id} {basePath}")
                    .RequireCors(CorsPolicy);
            }
        }
        return routes;
    }

    /// <summary>An answer as ECE gives it: the document, or a short text for the statuses JAX-RS answers with text.</summary>
    private static async Task<IResult> Answer(EceSpec spec, Operation operation, string id, HttpContext context, StateStore store, FaultInjector faults, AnswerCache cache, CancellationToken cancel)
    {
        if (await faults.ApplyAsync(operation.Id, cancel) is { } fault)
        {
            if (fault.Status is { } status)
            {
                return TypedResults.Text($"Fault injected: {operation.Id} answers {status}.\n", MediaTypes.PlainText, statusCode: status);
            }
            if (fault.MalformedBody)
            {
                return TypedResults.Bytes(AnswerWriter.Malformed(operation.Response!), AnswerWriter.ContentType(operation.ResponseMediaTypes[0].MediaType));
            }
        }
        if (context.RequestServices.GetService<Replay.Replayer>() is { } replay)
        {
            // --replay: what the recording holds, byte for byte; anything else as an entry point that does not exist.
            if (await replay.AnswerAsync(operation, context.Request.Method, id, context.Request.Headers.Accept.ToString() is { Length: > 0 } accept ? accept : null, cancel) is { } recorded)
            {
                return recorded;
            }
            id = EceSpec.UnknownEntryPointText;
        }
        // JAX-RS answers 404 when a path parameter cannot be converted to the method's long.
        if (!long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var entryPoint))
        {
            return TypedResults.Text($"The entry point id '{SafeXml.Printable(SafeXml.Cut(id, 100))}' is not a 64-bit integer.\n", AnswerWriter.ContentType(MediaTypes.PlainText), statusCode: StatusCodes.Status404NotFound);
        }
        if (ContentNegotiation.Choose(operation.ResponseMediaTypes, context.Request.Headers.Accept) is not { } mediaType)
        {
            var offered = string.Join(", ", operation.ResponseMediaTypes.Select(m => m.MediaType));
            return TypedResults.Text($"{operation.Id} produces {offered}; Accept names none of them.\n", MediaTypes.PlainText, statusCode: StatusCodes.Status406NotAcceptable);
        }
        var (state, version) = store.Snapshot();
        var known = state.EntryPoint(entryPoint);
        if (known?.DataUnavailable == true)
        {
            return TypedResults.Text(operation.Documented(StatusCodes.Status500InternalServerError)!.Description + "\n", MediaTypes.PlainText, statusCode: StatusCodes.Status500InternalServerError);
        }
        // The view is built only on a cache miss: most requests are served from the cache.
        var body = cache.GetOrRender(operation.Id, entryPoint, mediaType, version, known is not null,
            () => AnswerWriter.Write(operation.Response!, new EntryPointView(state, entryPoint, spec), mediaType));
        return TypedResults.Bytes(body, AnswerWriter.ContentType(mediaType));
    }
}
