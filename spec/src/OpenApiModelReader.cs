using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Ece.Spec;

/// <summary>Reads openapi.yaml with Microsoft.OpenApi and maps it onto the typed model.</summary>
internal sealed class OpenApiModelReader
{
    private readonly OpenApiDocument _document;
    private readonly JsonObject _ece;
    private readonly IReadOnlyList<NamespaceDeclaration> _declarations;

    private OpenApiModelReader(OpenApiDocument document)
    {
        _document = document;
        _ece = Extension(document.Extensions, "x-ece") as JsonObject ?? throw new SpecException("openapi.yaml has no x-ece block.");
        _declarations = Object("namespaceDeclarations")
            .Select(p => new NamespaceDeclaration(p.Key, XNamespace.Get(Text(p.Value))))
            .ToList();
    }

    public OpenApiDocument Document => _document;

    public static OpenApiModelReader Load(string relativePath)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var buffer = new MemoryStream();
        using (var stream = SpecResources.Open(relativePath))
        {
            stream.CopyTo(buffer);
        }
        buffer.Position = 0;
        var result = OpenApiDocument.Load(buffer, "yaml", settings);
        if (result.Diagnostic?.Errors is { Count: > 0 } errors)
        {
            throw new SpecException("openapi.yaml does not load: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        }
        return new OpenApiModelReader(result.Document ?? throw new SpecException("openapi.yaml is empty."))
        {
            Warnings = result.Diagnostic?.Warnings.Select(w => $"{w.Pointer}: {w.Message}").ToList() ?? [],
        };
    }

    /// <summary>What the OpenAPI validator warns about (errors stop the load).</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    public string Title => _document.Info.Title ?? "";

    public string ApiVersion => _document.Info.Version ?? "";

    public string Revision => Text(Extension(_document.Info.Extensions, "x-ece-spec-revision"));

    public XNamespace ChatNamespace => XNamespace.Get(Text(_ece["chatNamespace"]));

    public IReadOnlyList<NamespaceDeclaration> Declarations => _declarations;

    public string DefaultBasePath => Text(_ece["basePaths"]?["default"]);

    public IReadOnlyDictionary<string, string> LegacyNamespaces => Object("legacyNamespaces").ToDictionary(p => p.Key, p => Text(p.Value));

    public string ClientQuery => Text(_ece["clientQuery"]);

    public IReadOnlyList<string> ObservedBasePaths => Strings(_ece["basePaths"]?["observed"]);

    public long ExampleEntryPoint => Long(_ece["exampleEntryPoint"]);

    public IReadOnlyDictionary<string, string> Conditions => Object("conditions").ToDictionary(p => p.Key, p => Text(p.Value));

    public ChatButtonPage ChatButton
    {
        get
        {
            var page = _ece["chatButton"] ?? throw new SpecException("x-ece.chatButton is missing.");
            string At(params string[] keys) => Text(keys.Aggregate((JsonNode?)page, (node, key) => node?[key]));
            return new ChatButtonPage(
                At("path"), At("elements", "container"), At("elements", "button"), At("elements", "reason"),
                At("attributes", "state"), At("attributes", "reason"),
                new ChatButtonStates(At("states", "loading"), At("states", "allowed"), At("states", "refused"), At("states", "error"),
                    At("states", "session"), At("states", "survey"), At("states", "surveySent"), At("states", "surveyFailed")),
                new ChatButtonParameters(At("parameters", "api"), At("parameters", "entryPoint"), At("parameters", "source"),
                    At("parameters", "pollMs"), At("parameters", "timeoutMs")),
                At("unavailable"));
        }
    }

    public IReadOnlyDictionary<string, string> Quantities => Object("quantities").ToDictionary(p => p.Key, p => Text(p.Value));

    public IReadOnlyList<Operation> Operations() =>
        _document.Paths.SelectMany(path => (path.Value.Operations ?? []).Select(op => ReadOperation(path.Key, op.Key, op.Value))).ToList();

    private Operation ReadOperation(string path, HttpMethod method, OpenApiOperation op)
    {
        var id = op.OperationId ?? throw new SpecException($"{method} {path} has no operationId.");
        var source = Extension(op.Extensions, "x-ece-source") ?? throw new SpecException($"{id} has no x-ece-source.");
        var responses = op.Responses ?? [];
        var success = responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).FirstOrDefault();
        var responseContent = success?.Content ?? new Dictionary<string, IOpenApiMediaType>();
        var requestContent = op.RequestBody?.Content ?? new Dictionary<string, IOpenApiMediaType>();
        return new Operation(
            id,
            method,
            path,
            new SourceSection(Text(source["fr"]), Text(source["en"])),
            responses.Select(r => new ResponseSpec(r.Key, r.Value.Description ?? "", Provenance(r.Value.Extensions))).ToList(),
            responseContent.Select(c => MediaType(c.Key, c.Value)).ToList(),
            Xml(responseContent) is { } rs ? ReadMessage(rs) : null,
            requestContent.Select(c => MediaType(c.Key, c.Value)).ToList(),
            Xml(requestContent) is { } qs ? ReadMessage(qs) : null,
            Extension(op.RequestBody?.Extensions, "x-ece-max-body-bytes") is { } max ? Long(max) : null);
    }

    private static IOpenApiSchema? Xml(IDictionary<string, IOpenApiMediaType> content) =>
        content.FirstOrDefault(c => c.Key.EndsWith("/xml", StringComparison.Ordinal)).Value?.Schema;

    private static MediaTypeSpec MediaType(string name, IOpenApiMediaType media) =>
        new(name, Provenance(media.Extensions), media.Examples?.Values.Select(e => e.ExternalValue).FirstOrDefault(v => v is not null));

    private Message ReadMessage(IOpenApiSchema schema)
    {
        var name = schema is OpenApiSchemaReference reference ? reference.Reference.Id ?? "" : schema.Title ?? "";
        var xmlName = schema.Xml?.Name ?? throw new SpecException($"Schema {name} has no xml name.");
        var rootNamespace = schema.Xml.Namespace is { } ns ? XNamespace.Get(ns.ToString()) : XNamespace.None;
        var prefixes = Strings(Extension(schema.Extensions, "x-ece-declarations"));
        var declarations = prefixes.Select(p => _declarations.FirstOrDefault(d => d.Prefix == p)
            ?? throw new SpecException($"Schema {name} declares unknown prefix {p}.")).ToList();
        var accepted = Extension(schema.Extensions, "x-ece-accepted-namespaces") is { } a
            ? Strings(a).Select(XNamespace.Get).ToList()
            : [rootNamespace];
        var required = schema.Required ?? new HashSet<string>();
        var fields = (schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            .Select(p => ReadField(name, p.Key, p.Value, required.Contains(p.Key)))
            .ToList();
        return new Message(name, rootNamespace + xmlName, fields, declarations, accepted);
    }

    private Field ReadField(string message, string name, IOpenApiSchema schema, bool required)
    {
        var xml = schema.Xml;
        var isList = schema.Type == JsonSchemaType.Array;
        var item = isList && schema.Items is { } items ? ReadMessage(items) : null;
        var members = (schema.OneOf ?? []).Select(m => new EnumMember(
            m.Const ?? throw new SpecException($"{message}.{name}: a oneOf member has no const."),
            m.Description ?? "",
            Strings(Extension(m.Extensions, "x-ece-when")))
        {
            Customer = Extension(m.Extensions, "x-ece-customer") is { } c ? Text(c) : null,
            Business = Extension(m.Extensions, "x-ece-business") switch
            {
                null => false,
                JsonValue b when b.TryGetValue<bool>(out var business) => business,
                JsonValue u when u.TryGetValue<string>(out var open) && open == "unknown" => null,
                _ => throw new SpecException($"{message}.{name}: x-ece-business of {m.Const} must be true, false or unknown."),
            },
        }).ToList();
        var precedence = Strings(Extension(schema.Extensions, "x-ece-precedence"));
        if (members.Count > 0 && (precedence.Count != members.Count || precedence.Except(members.Select(m => m.Value)).Any()))
        {
            throw new SpecException($"{message}.{name}: x-ece-precedence must list every member once.");
        }
        return new Field(
            item?.Root.LocalName ?? xml?.Name ?? name,
            xml?.NodeType == OpenApiXmlNodeType.Attribute ? FieldNode.Attribute : FieldNode.Element,
            xml?.Namespace is { } ns ? XNamespace.Get(ns.ToString()) : XNamespace.None,
            xml?.Prefix,
            TypeOf(schema, isList),
            required,
            Extension(schema.Extensions, "x-ece-quantity") is { } q ? Text(q) : null,
            members,
            precedence,
            schema.MinLength,
            item);
    }

    private static FieldType TypeOf(IOpenApiSchema schema, bool isList) => schema.Type switch
    {
        _ when isList => FieldType.List,
        JsonSchemaType.Boolean => FieldType.Boolean,
        JsonSchemaType.Integer => schema.Minimum == "0" ? FieldType.NonNegativeInteger : FieldType.WholeNumber,
        JsonSchemaType.Number when schema.Minimum == "0" => FieldType.NonNegativeDecimal,
        JsonSchemaType.String => FieldType.Text,
        _ => throw new SpecException($"Unsupported schema type {schema.Type}."),
    };

    private static string Provenance(IDictionary<string, IOpenApiExtension>? extensions) =>
        Extension(extensions, "x-ece-provenance") is { } p ? Text(p) : "source";

    private IEnumerable<KeyValuePair<string, JsonNode?>> Object(string key) =>
        _ece[key] as JsonObject ?? throw new SpecException($"x-ece.{key} is missing.");

    private static JsonNode? Extension(IDictionary<string, IOpenApiExtension>? extensions, string name) =>
        extensions is not null && extensions.TryGetValue(name, out var value) && value is JsonNodeExtension node ? node.Node : null;

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw new SpecException("A required scalar is missing in openapi.yaml."),
    };

    private static long Long(JsonNode? node) =>
        long.TryParse(Text(node), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : throw new SpecException($"{node} is not an integer.");

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Text).ToList() : [];
}
