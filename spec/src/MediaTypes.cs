namespace Ece.Spec;

/// <summary>Media types as RFC 9110 (section 8.3.1) compares them: type and subtype case-insensitive, parameters
/// (a charset, quoted or not) beside the point. Clients read "Application/XML; charset=\"UTF-8\"" as XML.</summary>
public static class MediaTypes
{
    /// <summary>The XML media types of RFC 7303 that every XML client parses.</summary>
    public static readonly IReadOnlyList<string> PlainXml = ["application/xml", "text/xml"];

    public const string Json = "application/json";

    /// <summary>What a short text answer is sent as (the refusals JAX-RS writes as text, an injected fault).</summary>
    public const string PlainText = "text/plain";

    public const string Html = "text/html";

    /// <summary>The type RFC 9239 names for JavaScript (application/javascript is obsolete).</summary>
    public const string JavaScript = "text/javascript";

    public const string Css = "text/css";

    /// <summary>The type/subtype of a Content-Type value, lower-cased, without parameters; empty for none.</summary>
    public static string Essence(string? contentType) =>
        (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

    /// <summary>The type/subtype as written (case kept), without parameters; null for no or an empty value.</summary>
    public static string? TypeOf(string? contentType) =>
        (contentType ?? "").Split(';', 2)[0].Trim() is { Length: > 0 } type ? type : null;

    /// <summary>A parameter's value (unquoted), read leniently: empty parameters (a trailing ";") are allowed by
    /// RFC 9110's grammar and skipped, as browsers do.</summary>
    public static string? Parameter(string? contentType, string name) =>
        (contentType ?? "").Split(';').Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim().Trim('"')).FirstOrDefault();

    /// <summary>The encoding a charset names, or null for one .NET does not know or will not use: every reader of a
    /// target's, a HAR's or a page's charset goes through here, since GetEncoding throws ArgumentException for an
    /// unknown name and NotSupportedException for UTF-7 (disabled in .NET), and a target chooses the name.</summary>
    /// <param name="strict">Throw on bytes the encoding cannot decode, instead of replacing them.</param>
    public static System.Text.Encoding? Charset(string? charset, bool strict = false)
    {
        if (charset?.Trim().Trim('"') is not { Length: > 0 } name)
        {
            return null;
        }
        try
        {
            return strict
                ? System.Text.Encoding.GetEncoding(name, System.Text.EncoderFallback.ExceptionFallback, System.Text.DecoderFallback.ExceptionFallback)
                : System.Text.Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public static bool Same(string? contentType, string mediaType) =>
        string.Equals(Essence(contentType), Essence(mediaType), StringComparison.Ordinal);

    /// <summary>application/xml, text/xml or any +xml type (RFC 7303, RFC 6839).</summary>
    public static bool IsXml(string? contentType) => IsPlainXml(contentType) || Essence(contentType).EndsWith("+xml", StringComparison.Ordinal);

    /// <summary>application/xml or text/xml: what a client that does not know the +xml suffix parses.</summary>
    public static bool IsPlainXml(string? contentType) => PlainXml.Contains(Essence(contentType));

    /// <summary>application/json or any +json type.</summary>
    public static bool IsJson(string? contentType) => Essence(contentType) is var e && (e == Json || e.EndsWith("+json", StringComparison.Ordinal));
}
