using System.Xml.Linq;
using System.Xml.Schema;

namespace Ece.Spec;

/// <summary>The whole contract of the ECE 11.6 chat API, loaded from the embedded spec files.
/// The reference server and the runner take every path, name, namespace and enumeration from here.</summary>
public sealed class EceSpec
{
    // Read from its compact form when an earlier run of this build left one (CompactSpec), else parsed.
    private static readonly Lazy<EceSpec> s_default = new(() => CompactSpec.Load(CompactSpec.Folder(Environment.GetEnvironmentVariable), Load));

    public static EceSpec Default => s_default.Value;

    public required string Title { get; init; }
    public required string ApiVersion { get; init; }
    public required string Revision { get; init; }
    public required XNamespace ChatNamespace { get; init; }
    public required IReadOnlyList<NamespaceDeclaration> Declarations { get; init; }
    public required string DefaultBasePath { get; init; }
    public required IReadOnlyList<string> ObservedBasePaths { get; init; }
    /// <summary>Older eGain namespaces of the chat children, with what they mean for clients.</summary>
    public required IReadOnlyDictionary<string, string> LegacyNamespaces { get; init; }
    /// <summary>The query string real clients append to a GET; {id} stands for the entry point.</summary>
    public required string ClientQuery { get; init; }
    public required long ExampleEntryPoint { get; init; }
    /// <summary>An id no ECE defines: the largest the path's type (long) allows, so no deployment has it.</summary>
    public const long UnknownEntryPoint = long.MaxValue;
    /// <summary><see cref="UnknownEntryPoint"/> as a path and a command line write it.</summary>
    public static string UnknownEntryPointText => UnknownEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public required IReadOnlyDictionary<string, string> Conditions { get; init; }
    public required IReadOnlyDictionary<string, string> Quantities { get; init; }
    /// <summary>The sample chat-button page's observable contract.</summary>
    public required ChatButtonPage ChatButton { get; init; }
    public required IReadOnlyList<Operation> Operations { get; init; }
    public required RuleCatalogue Rules { get; init; }
    /// <summary>Evidence from the field (observed.yaml), read on first use: most commands never need it, and reading
    /// it costs a start-up a fifth of its time.</summary>
    public IReadOnlyList<Evidence> Evidence => _evidence.Value;

    private readonly Lazy<IReadOnlyList<Evidence>> _evidence = new(() => Ece.Spec.Evidence.Parse(SpecResources.ReadText("observed.yaml")));
    /// <summary>The source's examples, corrected, and the errata: read on first use, since only the traceability
    /// table and the tests need them, not a run or the server.</summary>
    public IReadOnlyList<ExampleDocument> Examples => _errata.Value.Examples;

    public IReadOnlyList<Erratum> Errata => _errata.Value.Errata;

    private readonly Lazy<(IReadOnlyList<ExampleDocument> Examples, IReadOnlyList<Erratum> Errata)> _errata =
        new(() => ErrataFile.Parse(SpecResources.ReadText("errata.yaml")));
    public XmlSchemaSet Schemas => _schemas.Value;

    private readonly Lazy<XmlSchemaSet> _schemas = new(SpecSchemas.Load);

    public Operation Operation(string id) =>
        Operations.FirstOrDefault(o => o.Id == id) ?? throw new KeyNotFoundException($"The spec has no operation {id}.");

    /// <summary>The one operation that takes a request body: the survey.</summary>
    public Operation Writing => Operations.Single(o => o.Request is not null);

    /// <summary>The GET operations: the five that read the state and change nothing.</summary>
    public IReadOnlyList<Operation> ReadOnlyOperations => _readOnly ??= Operations.Where(o => o.Method == HttpMethod.Get).ToList();

    private IReadOnlyList<Operation>? _readOnly;

    /// <summary>What every operation's path starts with under the base path ("/chat/entrypoint/"): where a client's
    /// request to the API is told from its other requests.</summary>
    public string OperationsPath => _operationsPath ??= Operations.Select(o => o.PathTemplate)
        .Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]) is var common ? common[..(common.LastIndexOf('/') + 1)] : "/";

    private string? _operationsPath;

    /// <summary>The operation whose own path segment (after <see cref="OperationsPath"/>) is <paramref name="segment"/>.</summary>
    public Operation? OperationAt(string segment) =>
        Operations.FirstOrDefault(o => o.PathTemplate[OperationsPath.Length..].Split('/')[0] == segment);

    /// <summary>The prefix the source's answers bind the chat namespace to (x-ece.namespaceDeclarations).</summary>
    public string ChatPrefix => Declarations.First(d => d.Uri == ChatNamespace).Prefix;

    /// <summary>The operation whose answer reports <paramref name="quantity"/>, and the field that holds it.</summary>
    public (Operation Operation, Field Field) Reporting(string quantity) =>
        FirstAnswering(f => f.Quantity == quantity, $"No operation reports {quantity}.");

    /// <summary>The operation whose answer says "no condition holds" with a value of its own (checkEligibility's
    /// eligible), and that field: the one home of "eligible = the member that needs no condition".</summary>
    public (Operation Operation, Field Field) Eligibility =>
        FirstAnswering(f => f.IsEligibility, "No operation answers with an eligibility.");

    /// <summary>The first GET operation whose answer has a field that <paramref name="which"/> picks, and that field.</summary>
    private (Operation Operation, Field Field) FirstAnswering(Func<Field, bool> which, string none) =>
        ReadOnlyOperations.Select(o => (Operation: o, Field: o.Response?.Fields.FirstOrDefault(which))).FirstOrDefault(p => p.Field is not null) is ({ } op, { } field)
            ? (op, field)
            : throw new KeyNotFoundException(none);

    public static EceSpec Load()
    {
        var openApi = OpenApiModelReader.Load("openapi.yaml");
        var operations = openApi.Operations();
        // The rules cite evidence by id: the ids alone are read now (the whole file when something asks for it).
        var evidence = Ece.Spec.Evidence.Ids(SpecResources.ReadText("observed.yaml"));
        return new EceSpec
        {
            Title = openApi.Title,
            ApiVersion = openApi.ApiVersion,
            Revision = openApi.Revision,
            ChatNamespace = openApi.ChatNamespace,
            Declarations = openApi.Declarations,
            DefaultBasePath = openApi.DefaultBasePath,
            ObservedBasePaths = openApi.ObservedBasePaths,
            LegacyNamespaces = openApi.LegacyNamespaces,
            ClientQuery = openApi.ClientQuery,
            ExampleEntryPoint = openApi.ExampleEntryPoint,
            Conditions = openApi.Conditions,
            Quantities = openApi.Quantities,
            ChatButton = openApi.ChatButton,
            Operations = operations,
            Rules = RuleCatalogue.Parse(SpecResources.ReadText("rules.yaml"), operations, evidence),
        };
    }
}
