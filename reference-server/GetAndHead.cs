using Microsoft.AspNetCore.Http.Features;

namespace Ece.ReferenceServer;

/// <summary>Every GET route answers HEAD too, as JAX-RS does: the GET's status and headers, no body. Link checkers,
/// monitors and caches probe with HEAD, and a 405 tells them the page is gone.</summary>
internal static class GetAndHead
{
    /// <summary>What a GET route is mapped for: <c>MapMethods(pattern, GetAndHead.Methods, handler)</c>, the handler
    /// written at the call, so the request delegate generator sees it (through a Delegate parameter it cannot).</summary>
    public static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Discards what a handler writes for HEAD. Kestrel sends no body for HEAD anyway; this makes every
    /// host (the in-memory test host too) answer the same, headers and Content-Length as for GET.</summary>
    public static IApplicationBuilder UseHeadWithoutBody(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method) && context.Features.Get<IHttpResponseBodyFeature>() is { } body)
        {
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        }
        await next(context);
    });
}
