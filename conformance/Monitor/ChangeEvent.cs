using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ece.Conformance.Monitor;

/// <summary>One change of state: a rule from passing to failing or back, a button shown or hidden (or hidden for
/// another reason), a target up or down, a target found misconfigured or mended. Logged as one JSON line and, with --webhook, POSTed as the same JSON.</summary>
internal sealed record ChangeEvent(
    DateTimeOffset Time,
    string Kind,
    string Target,
    string? EntryPoint,
    string? Operation,
    string? Rule,
    string? Level,
    string From,
    string To,
    string? Detail)
{
    public const string TargetKind = "target";
    public const string RuleKind = "rule";
    public const string ButtonKind = "button";
    /// <summary>The monitor's set-up is wrong for a target (or mended): its Detail says what to change.</summary>
    public const string MisconfiguredKind = "misconfigured";

    /// <summary>The most of a target's text (an error, a finding's message) a line carries.</summary>
    public const int MaxDetail = 300;

    private static readonly ChangeEventJson s_json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    /// <summary>One line: System.Text.Json escapes quotes, control characters and line breaks, so a target's text
    /// cannot start a second line or end the object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Detail = Detail is null ? null : Ece.Spec.SafeXml.Cut(Detail, MaxDetail) }, s_json.ChangeEvent);
}

/// <summary>A change line's metadata from build time: the native runner builds none by reflection.</summary>
[JsonSerializable(typeof(ChangeEvent))]
internal sealed partial class ChangeEventJson : JsonSerializerContext;
