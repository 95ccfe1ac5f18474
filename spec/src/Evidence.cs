using System.Diagnostics.CodeAnalysis;
namespace Ece.Spec;

/// <summary>An observation of spec/observed.yaml: how a real server answered or a real client calls and reads the
/// API, with its public source. Rules cite observations for their level (the client that breaks) and tests serve
/// each captured body and each client behaviour.</summary>
/// <param name="Bodies">Files under spec/ (examples/observed/...) holding a body as captured or as the client builds it.</param>
public sealed record Evidence(string Id, string Kind, string Who, string? Url, string? Repository, string? Path, bool Verified, string Behaviour, IReadOnlyList<string> Implies, IReadOnlyList<string> Bodies)
{
    /// <summary>The Content-Type the client sends its body with, as it writes it (text/XML), if it sends one.</summary>
    public string? ContentType { get; init; }

    /// <summary>The text of each body file, read from the embedded spec.</summary>
    public IEnumerable<(string File, string Text)> BodyTexts => Bodies.Select(b => (b, SpecResources.ReadText(b)));

    public string Where => Url ?? (Repository is null ? "(stored copy; see observed.yaml)" : $"https://github.com/{Repository}/blob/HEAD/{Path}");

    /// <summary>The observations' ids, from their "- id:" lines, without a YAML parser (a test holds them equal to
    /// the parsed ones).</summary>
    internal static IReadOnlySet<string> Ids(string yaml) =>
        System.Text.RegularExpressions.Regex.Matches(yaml, @"^\s*- id: (OBS-\d+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet();

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(EvidenceDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(SourceDto))]
    internal static IReadOnlyList<Evidence> Parse(string yaml)
    {
        var file = SpecYaml.Deserialize<EvidenceFile>(yaml, "observed.yaml");
        var list = file.Observations.Select(o => new Evidence(
            o.Id ?? throw new SpecException("observed.yaml: an observation without id."),
            o.Kind is "server" or "client" ? o.Kind : throw new SpecException($"observed.yaml {o.Id}: kind must be server or client."),
            o.Who ?? "", o.Source?.Url, o.Source?.Repository, o.Source?.Path, o.Source?.Verified ?? false,
            o.Behaviour ?? throw new SpecException($"observed.yaml {o.Id}: no behaviour."), o.Implies, o.Bodies) { ContentType = o.ContentType }).ToList();
        var twice = list.GroupBy(e => e.Id).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? list : throw new SpecException($"observed.yaml: {twice.Key} is used twice.");
    }

    private sealed class EvidenceFile
    {
        public List<EvidenceDto> Observations { get; set; } = [];
    }

    private sealed class EvidenceDto
    {
        public string? Id { get; set; }
        public string? Kind { get; set; }
        public string? Who { get; set; }
        public SourceDto? Source { get; set; }
        public string? Quote { get; set; }
        public string? Behaviour { get; set; }
        public List<string> Implies { get; set; } = [];
        public List<string> Bodies { get; set; } = [];
        public string? ContentType { get; set; }
    }

    private sealed class SourceDto
    {
        public string? Url { get; set; }
        public string? Repository { get; set; }
        public string? Path { get; set; }
        public bool Verified { get; set; }
        public string? Note { get; set; }
    }
}
