using Ece.Spec;
using Microsoft.Net.Http.Headers;

namespace Ece.ReferenceServer.Http;

/// <summary>Chooses among the media types the spec lists for an answer, by the request's Accept header (ECE-GN-003,
/// and the JSON form of ECE-JS).</summary>
internal static class ContentNegotiation
{
    /// <returns>The media type to answer with, or null when Accept names none the operation produces (406).</returns>
    public static string? Choose(IReadOnlyList<MediaTypeSpec> offered, IList<string>? accept)
    {
        if (offered.Count == 0)
        {
            return null;
        }
        if (accept is null || accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return offered[0].MediaType;
        }
        var ordered = ranges
            .Select((range, index) => (range, index, quality: range.Quality ?? 1.0))
            .Where(r => r.quality > 0)
            .OrderByDescending(r => r.quality)
            .ThenBy(r => r.range.MatchesAllTypes ? 2 : r.range.MatchesAllSubTypes ? 1 : 0)
            .ThenBy(r => r.index);
        foreach (var (range, _, _) in ordered)
        {
            // Parameters of a range (a charset) do not narrow it: application/json; charset=utf-8 is JSON. A client that
            // asks for text/xml reads application/xml the same, so it gets XML.
            var type = MediaTypes.IsPlainXml(range.MediaType.Value) ? MediaTypes.PlainXml[0] : range.MediaType.Value ?? "";
            var bare = new MediaTypeHeaderValue(type);
            if (offered.FirstOrDefault(o => MediaTypeHeaderValue.Parse(o.MediaType).IsSubsetOf(bare)) is { } match)
            {
                return match.MediaType;
            }
        }
        return null;
    }
}
