using System.Text.RegularExpressions;

namespace Ece.Spec.Tests;

/// <summary>The source of record, read as the tests need it.</summary>
public static partial class SourceDocument
{
    private static readonly Lazy<string> s_fr = new(() => Read("ece-11.6-customer-chat-api.fr.md"));
    private static readonly Lazy<string> s_en = new(() => Read("ece-11.6-customer-chat-api.en.md"));

    public static string French => s_fr.Value;

    public static string English => s_en.Value;

    /// <summary>Text as a reader sees it: no markdown emphasis or escapes, white space folded.</summary>
    public static string Normalize(string text) =>
        Whitespace().Replace(text.Replace("**", "", StringComparison.Ordinal).Replace("\\_", "_", StringComparison.Ordinal), " ").Trim();

    /// <summary>The fenced code blocks of the French copy, in order, as printed.</summary>
    public static IReadOnlyList<string> CodeBlocks() =>
        Fence().Matches(French).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The section headings (any level) of the French copy.</summary>
    public static IReadOnlyList<string> Headings(string text) =>
        Heading().Matches(text).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>spec/source: the copy of the record this spec is traced to (.ci/run checks it is shared/source's).</summary>
    public static string Directory => Environment.GetEnvironmentVariable("ECE_SOURCE_DIR") is { Length: > 0 } configured
        ? configured
        : Path.Combine(SpecResourcesOnDisk.SpecDirectory, "source");

    private static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^#{1,6}\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
