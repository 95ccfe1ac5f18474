using System.Diagnostics.CodeAnalysis;
namespace Ece.Spec;

public enum Detection { NotWellFormed, SchemaInvalid, None, Prose }

/// <summary>A defect of the source document and its correction (errata.yaml).</summary>
public sealed record Erratum(
    string Id,
    SourceSection Section,
    string Printed,
    string Corrected,
    IReadOnlyList<string> Examples,
    Demonstration? Demonstrate,
    Detection Detection,
    string Why,
    string Evidence);

/// <summary>How to put a defect of the prose into an example document to show what it does.</summary>
public sealed record Demonstration(string Example, string Replace, string With);

/// <summary>A corrected example of the contract (examples/), with the code block of the source it comes from.</summary>
public sealed record ExampleDocument(string File, int? Block, string Provenance)
{
    public string Text => SpecResources.ReadText("examples/" + File);
}

internal static class ErrataFile
{
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(ExampleDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(ErratumDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(DemonstrationDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(RuleCatalogue.SectionDto))]
    public static (IReadOnlyList<ExampleDocument> Examples, IReadOnlyList<Erratum> Errata) Parse(string yaml)
    {
        var file = SpecYaml.Deserialize<Dto>(yaml, "errata.yaml");
        var examples = file.Examples.Select(e => new ExampleDocument(e.File ?? "", e.Block, e.Provenance ?? "source")).ToList();
        var errata = file.Errata.Select(e => new Erratum(
            e.Id ?? "",
            new SourceSection(e.Section?.Fr ?? "", e.Section?.En ?? ""),
            e.Printed ?? "",
            e.Corrected ?? "",
            e.Examples,
            e.Demonstrate is { } d ? new Demonstration(d.Example ?? "", d.Replace ?? "", d.With ?? "") : null,
            Enum.Parse<Detection>((e.Detection ?? "").Replace("-", "", StringComparison.Ordinal), ignoreCase: true),
            e.Why ?? "",
            e.Evidence ?? "")).ToList();
        var unknown = errata.SelectMany(e => e.Examples.Append(e.Demonstrate?.Example ?? examples[0].File))
            .Where(f => examples.All(x => x.File != f)).ToList();
        return unknown.Count == 0 ? (examples, errata) : throw new SpecException("errata.yaml names unknown examples: " + string.Join(", ", unknown));
    }

    private sealed class Dto
    {
        public List<ExampleDto> Examples { get; set; } = [];
        public List<ErratumDto> Errata { get; set; } = [];
    }

    private sealed class ExampleDto
    {
        public string? File { get; set; }
        public int? Block { get; set; }
        public string? Provenance { get; set; }
    }

    private sealed class ErratumDto
    {
        public string? Id { get; set; }
        public RuleCatalogue.SectionDto? Section { get; set; }
        public string? Printed { get; set; }
        public string? Corrected { get; set; }
        public List<string> Examples { get; set; } = [];
        public DemonstrationDto? Demonstrate { get; set; }
        public string? Detection { get; set; }
        public string? Why { get; set; }
        public string? Evidence { get; set; }
    }

    private sealed class DemonstrationDto
    {
        public string? Example { get; set; }
        public string? Replace { get; set; }
        public string? With { get; set; }
    }
}
