using Ece.Conformance.Http;
using Ece.ReferenceServer;
using Ece.ReferenceServer.SamplePage;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ece.Conformance.Browser;

/// <summary>Serves the sample chat-button page on loopback and passes its API requests on to the target,
/// from the same origin, so the page meets the target as a customer's browser would, without CORS in the way.</summary>
internal sealed class PageHost : IAsyncDisposable
{
    private readonly LoopbackApp _app;

    private PageHost(LoopbackApp app) => _app = app;

    public Uri Url => _app.Url;

    public static async Task<PageHost> StartAsync(EceSpec spec, string basePath, HttpClient target, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var app = LoopbackApp.Slim();
        app.MapSamplePage(spec, basePath);
        app.Map(basePath.TrimEnd('/') + "/{**rest}", context => Forward(context, target, headers));
        return new PageHost(await LoopbackApp.StartAsync(app));
    }

    /// <summary>The page for one entry point and operation: it polls once (the next poll is ten minutes away) and
    /// waits up to 10 s, longer than the check's own budget, so the page never gives up before the check.</summary>
    public Uri Page(EceSpec spec, string entryPoint, string source) =>
        spec.ChatButton.Url(Url, entryPoint, source, poll: TimeSpan.FromMinutes(10), timeout: TimeSpan.FromSeconds(10));

    private static async Task Forward(HttpContext context, HttpClient target, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        using var request = await Forwarding.RequestAsync(context, headers, TargetOptions.BodyCap);
        if (request is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        try
        {
            using var response = await target.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }
            // Never more than the cap in memory or on to the page: one byte over tells the page the body was cut.
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            for (long sent = 0, read; sent <= TargetOptions.BodyCap && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, TargetOptions.BodyCap + 1 - sent)), context.RequestAborted)) > 0; sent += read)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, (int)read), context.RequestAborted);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
