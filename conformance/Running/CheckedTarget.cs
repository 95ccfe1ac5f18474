using System.Text.Json.Serialization;

namespace Ece.Conformance.Running;

/// <summary>What a run checked: a server (<see cref="RunTarget"/>), a chat-button page (<see cref="PageTarget"/>) or
/// the answers a HAR recorded (<see cref="RecordingTarget"/>),
/// each with the fields that are data for it and no others; the JSON report names which by its kind (first), then
/// the URL and entry points every target has.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RunTarget), "server")]
[JsonDerivedType(typeof(PageTarget), "page")]
[JsonDerivedType(typeof(RecordingTarget), "recording")]
internal abstract record CheckedTarget([property: JsonPropertyOrder(-2)] string Url, [property: JsonPropertyOrder(-1)] IReadOnlyList<string> EntryPoints);

/// <summary>A server checked (run): the target as given and the choices that shape the findings.</summary>
internal sealed record RunTarget(string Url, string BasePath, IReadOnlyList<string> EntryPoints, string InvalidEntryPoint, bool Embedded, bool AllowWrites, string? Scenario)
    : CheckedTarget(Url, EntryPoints);

/// <summary>A chat-button page checked (button): the page, the entry-point ids it asked for (its own ECE URL is
/// answered by the checker, so it has no base path of ours), and the steps run, each in a state or fault of its own.</summary>
internal sealed record PageTarget(string Url, IReadOnlyList<string> EntryPoints, IReadOnlyList<string> Steps)
    : CheckedTarget(Url, EntryPoints);

/// <summary>The answers HAR files recorded (run --har): the origin they were recorded from (scheme, host and port, as
/// a server's), the files, and the base path and entry points found in them.</summary>
internal sealed record RecordingTarget(string Url, IReadOnlyList<string> Recordings, string BasePath, IReadOnlyList<string> EntryPoints, string InvalidEntryPoint)
    : CheckedTarget(Url, EntryPoints);
