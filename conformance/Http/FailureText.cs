namespace Ece.Conformance.Http;

/// <summary>What a request that got no answer is said to have met, in words an operator acts on: the whole chain of
/// causes, and the --target to try when the scheme looks wrong.</summary>
internal static class FailureText
{
    /// <summary>The likeliest cause of a failed handshake or an answer that is no HTTP, said with the --target to try:
    /// TLS spoken to a port that speaks plain HTTP ("cannot determine the frame size"), or plain HTTP to a TLS port
    /// (an answer that is not HTTP, or a connection ended before any).</summary>
    internal static string SchemeHint(HttpRequestException? e, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "";
        }
        var other = new UriBuilder(uri.GetLeftPart(UriPartial.Authority)) { Scheme = uri.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeHttp : Uri.UriSchemeHttps, Port = uri.Port }.Uri.GetLeftPart(UriPartial.Authority);
        return uri.Scheme == Uri.UriSchemeHttps && e is { HttpRequestError: HttpRequestError.SecureConnectionError } && Cause(e).Contains("frame", StringComparison.OrdinalIgnoreCase)
            ? $" The port does not speak TLS: if it serves plain HTTP, run again with --target {other}"
            : uri.Scheme == Uri.UriSchemeHttp && (e is null || e.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.Unknown)
            ? $" If the port speaks TLS (HTTPS), run again with --target {other}"
            : "";
    }

    /// <summary>The whole chain of causes, so "The SSL connection could not be established, see inner exception."
    /// ends with the certificate's actual problem.</summary>
    internal static string Cause(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var text = x.Message.Replace(", see inner exception", "", StringComparison.OrdinalIgnoreCase)
                .Replace(" See the inner exception for details.", "", StringComparison.OrdinalIgnoreCase).Trim().TrimEnd('.');
            if (text.Length > 0 && !messages.Contains(text))
            {
                messages.Add(text);
            }
        }
        return string.Join(": ", messages) + ".";
    }
}
