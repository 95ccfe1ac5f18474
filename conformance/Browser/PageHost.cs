using Ece.Conformance.Http;
using Ece.ReferenceServer;
using Ece.ReferenceServer.SamplePage;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ece.Conformance.Browser;

/// <summary>Serves the sample chat-button page on loopback and passes its API requests on to the target,
/// from the same origin, so the page meets the target as a customer's browser would, without CORS in the way.</summary>
public sealed class PageHost : IAsyncDisposable
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length" };

    private readonly WebApplication _app;

    private PageHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<PageHost> StartAsync(EceSpec spec, string basePath, HttpClient target, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapSamplePage(spec, basePath);
        app.Map(basePath.TrimEnd('/') + "/{**rest}", context => Forward(context, target, headers));
        await app.StartAsync();
        return new PageHost(app, app.BoundAddress());
    }

    /// <summary>The page for one entry point and operation: it polls once (the next poll is ten minutes away) and
    /// waits up to 10 s, longer than the check's own budget, so the page never gives up before the check.</summary>
    public Uri Page(EceSpec spec, string entryPoint, string source) =>
        spec.ChatButton.Url(Url, entryPoint, source, poll: TimeSpan.FromMinutes(10), timeout: TimeSpan.FromSeconds(10));

    private static async Task Forward(HttpContext context, HttpClient target, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var header in context.Request.Headers.Where(h => !s_hopByHop.Contains(h.Key) && !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (context.Request.ContentLength > 0 && context.Request.ContentLength <= TargetOptions.BodyCap)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
