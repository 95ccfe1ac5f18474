using Microsoft.AspNetCore.Http;

namespace Ece.Conformance.Http;

/// <summary>A request received on loopback, passed on to a target as it came: method, path, query, end-to-end
/// headers (hop-by-hop ones belong to the connection they came on) and a body up to a cap.</summary>
internal static class Forwarding
{
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length" };

    /// <summary>The request to send on; <paramref name="headers"/> replace the received ones of the same name.
    /// A body over <paramref name="bodyCap"/> bytes is not sent on.</summary>
    public static async Task<HttpRequestMessage> RequestAsync(HttpContext context, IReadOnlyList<KeyValuePair<string, string>> headers, long bodyCap)
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
        var chunked = context.Request.Headers.TransferEncoding.Count > 0;
        if ((context.Request.ContentLength > 0 || chunked) && (context.Request.ContentLength ?? 0) <= bodyCap)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length <= bodyCap)
            {
                request.Content = new ByteArrayContent(body.ToArray());
                request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            }
        }
        return request;
    }
}
