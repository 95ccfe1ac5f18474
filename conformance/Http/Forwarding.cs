using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ece.Conformance.Http;

/// <summary>A request received on loopback, passed on to a target as it came: method, path, query, end-to-end
/// headers (hop-by-hop ones belong to the connection they came on) and a body up to a cap.</summary>
internal static class Forwarding
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length" };

    /// <summary>The request to send on, or null when its body is over <paramref name="bodyCap"/> bytes (the caller
    /// answers 413: sending it on without its body would make the target look at fault); <paramref name="headers"/>
    /// replace the received ones of the same name. At most the cap and one byte is read, whatever the client sends.</summary>
    public static async Task<HttpRequestMessage?> RequestAsync(HttpContext context, IReadOnlyList<KeyValuePair<string, string>> headers, long bodyCap)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var header in context.Request.Headers.Where(h => !s_hopByHop.Contains(h.Key) && !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return request;
        }
        if (context.Request.ContentLength > bodyCap)
        {
            request.Dispose();
            return null;
        }
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        for (int read; body.Length <= bodyCap && (read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0;)
        {
            body.Write(buffer, 0, read);
        }
        if (body.Length > bodyCap)
        {
            request.Dispose();
            return null;
        }
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }
        return request;
    }
}
