namespace Ece.Spec;

/// <summary>One operation of the API, as openapi.yaml describes it.</summary>
public sealed record Operation(
    string Id,
    HttpMethod Method,
    string PathTemplate,
    SourceSection Source,
    IReadOnlyList<ResponseSpec> Responses,
    IReadOnlyList<MediaTypeSpec> ResponseMediaTypes,
    Message? Response,
    IReadOnlyList<MediaTypeSpec> RequestMediaTypes,
    Message? Request,
    long? MaxBodyBytes)
{
    public const string IdParameter = "{id}";

    /// <summary>The path of this operation under <paramref name="basePath"/> for entry point <paramref name="id"/>.</summary>
    public string Path(string basePath, string? id = null) =>
        basePath.TrimEnd('/') + (id is null ? PathTemplate : PathTemplate.Replace(IdParameter, Uri.EscapeDataString(id), StringComparison.Ordinal));

    /// <summary>Whether the operation documents <paramref name="status"/>, exactly or by a range such as 4XX.</summary>
    public bool Documents(int status) => Responses.Any(r => r.Matches(status));

    public ResponseSpec? Documented(int status) =>
        Responses.FirstOrDefault(r => r.Code == status.ToString(System.Globalization.CultureInfo.InvariantCulture))
        ?? Responses.FirstOrDefault(r => r.Matches(status));

    /// <summary>The status the source gives for success (200 for the GET operations, 204 for the survey).</summary>
    public int SuccessStatus => Responses.Select(r => int.TryParse(r.Code, out var c) ? c : 0).First(c => c is >= 200 and < 300);
}

public sealed record ResponseSpec(string Code, string Description, string Provenance)
{
    public bool Matches(int status) =>
        Code.Length == 3 && Code.EndsWith("XX", StringComparison.Ordinal)
            ? status / 100 == Code[0] - '0'
            : Code == status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record MediaTypeSpec(string MediaType, string Provenance, string? ExampleFile);

public sealed record SourceSection(string Fr, string En);
