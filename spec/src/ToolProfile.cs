using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Ece.Spec;

/// <summary>The tool profile of the spec (spec/dist/openapi.bundle.yaml and .json): openapi.yaml in the form the
/// tools people already run read best, generated so that every value is still written once, in the source.
/// It differs from the source only in form:
/// - examples inlined as value (Prism serves them verbatim; Redoc and Swagger UI need no extra fetch), the refused
///   chatAllowed example among them;
/// - each enumeration a named component schema with enum, its meanings in x-enumDescriptions (Redoc) and
///   x-ms-enum (Kiota, AutoRest), where the source writes oneOf/const with a description per value;
/// - allowed and reason tied with if/then (ECE-CA-004: no reason beside allowed="true");
/// - concrete servers instead of {scheme}://{host}{basePath}, which generators cannot resolve;
/// - a tag per source section, a short summary (the section's name) with the source's sentence as description.</summary>
public static class ToolProfile
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Header = "Generated from spec/openapi.yaml by ./run-conformance.sh tool-profile --write: do not edit.";

    /// <param name="profile">The profile <see cref="Build"/> made, when a caller writes several forms of one.</param>
    public static string Json(JsonObject? profile = null) => (profile ?? Build()).ToJsonString(s_indented) + "\n";

    public static string Yaml(JsonObject? profile = null) => "# " + Header + "\n" + YamlJson.Write(profile ?? Build());

    public static JsonObject Build()
    {
        var doc = YamlJson.Read(SpecResources.ReadText("openapi.yaml"))!.AsObject();
        var ece = doc["x-ece"]!;
        doc["servers"] = Servers(ece);
        Sections(doc);
        InlineExamples(doc);
        var schemas = doc["components"]!["schemas"]!.AsObject();
        foreach (var (name, schema) in schemas.ToList())
        {
            NameEnumerations(schemas, name, schema!.AsObject());
            TieReasonToRefusal(schema.AsObject());
        }
        return doc;
    }

    private static JsonArray Servers(JsonNode ece)
    {
        var basePath = ece["basePaths"]!["default"]!.GetValue<string>();
        var others = ece["basePaths"]!["observed"]!.AsArray().Select(p => p!.GetValue<string>()).Where(p => p != basePath);
        // Added as JsonNode, not by the collection expression's Add<JsonObject>, which the native compiler refuses.
        return new JsonArray(
            new JsonObject { ["url"] = "http://localhost:8080" + basePath, ["description"] = "The reference server: dotnet run --project reference-server -- --urls http://localhost:8080" },
            new JsonObject { ["url"] = "https://ece.example.com" + basePath, ["description"] = $"An ECE web server; deployments also use {string.Join(" and ", others)} as base path." });
    }

    /// <summary>A tag per source section; the section's name as summary, the source's sentence as description.</summary>
    private static void Sections(JsonObject doc)
    {
        var tags = new JsonArray();
        foreach (var op in Operations(doc))
        {
            var section = op["x-ece-source"]!["en"]!.GetValue<string>();
            var sentence = op["summary"]!.GetValue<string>();
            op["description"] = op["description"] is { } more ? $"{sentence} {more.GetValue<string>()}" : sentence;
            op["summary"] = section.EndsWith(" API", StringComparison.Ordinal) ? section[..^4] : section;
            op["tags"] = new JsonArray(section);
            if (tags.All(t => t!["name"]!.GetValue<string>() != section)) // two operations of one section share its tag
            {
                tags.Add((JsonNode)new JsonObject { ["name"] = section, ["description"] = $"{sentence} Source section \"{section}\" (\"{op["x-ece-source"]!["fr"]!.GetValue<string>()}\")." });
            }
        }
        doc["tags"] = tags;
    }

    private static readonly string[] s_methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The operations of the paths (not their path-level parameters or summaries).</summary>
    private static IEnumerable<JsonObject> Operations(JsonObject doc) =>
        doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => s_methods.Contains(o.Key)).Select(o => o.Value!.AsObject()));

    /// <summary>Every externalValue (examples/…) becomes its file's text as value.</summary>
    private static void InlineExamples(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                if (map["externalValue"] is JsonValue file && file.GetValue<string>() is var path && path.StartsWith("examples/", StringComparison.Ordinal))
                {
                    map.Remove("externalValue");
                    map["value"] = SpecResources.ReadText(path);
                }
                foreach (var (_, child) in map.ToList())
                {
                    InlineExamples(child);
                }
                break;
            case JsonArray list:
                foreach (var child in list)
                {
                    InlineExamples(child);
                }
                break;
        }
    }

    /// <summary>A property whose values are a oneOf of consts becomes a reference to a component schema named after
    /// the property (Reason, ResponseType) with a plain enum and the meanings where tools read them.</summary>
    private static void NameEnumerations(JsonObject schemas, string owner, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }
        foreach (var (property, node) in properties.ToList())
        {
            if (node is not JsonObject { } field || field["oneOf"] is not JsonArray members || !members.All(m => m?["const"] is not null))
            {
                continue;
            }
            var name = char.ToUpperInvariant(property[0]) + property[1..];
            name = schemas.ContainsKey(name) ? owner + name : name;
            var values = members.Select(m => m!.AsObject()).ToList();
            string Text(JsonObject m, string key) => m[key]?.GetValue<string>() ?? "";
            string Value(JsonObject m) => m["const"]!.ToJsonString().Trim('"');
            schemas[name] = new JsonObject
            {
                ["type"] = field["type"]!.DeepClone(),
                ["description"] = $"The {property} of {owner}: " + string.Join(" ", values.Select(m => $"{Value(m)}: {Text(m, "description")}")),
                ["enum"] = new JsonArray(values.Select(m => m["const"]!.DeepClone()).ToArray()),
                ["x-enumDescriptions"] = new JsonObject(values.Select(m => KeyValuePair.Create(Value(m), (JsonNode?)Text(m, "description")))),
                ["x-ms-enum"] = new JsonObject
                {
                    ["name"] = name,
                    ["modelAsString"] = false,
                    ["values"] = new JsonArray(values.Select(m => (JsonNode)new JsonObject
                    {
                        ["value"] = m["const"]!.DeepClone(),
                        ["name"] = Identifier(m["x-ece-name"]?.GetValue<string>() ?? Value(m)),
                        ["description"] = Text(m, "description"),
                    }).ToArray()),
                },
                ["x-ece-values"] = new JsonArray(values.Select(m => m.DeepClone()).ToArray()),
            };
            field.Remove("oneOf");
            field.Remove("type");
            var reference = new JsonObject { ["$ref"] = "#/components/schemas/" + name };
            foreach (var (key, value) in field.ToList())
            {
                reference[key] = value?.DeepClone();
            }
            properties[property] = reference;
        }
    }

    /// <summary>ECE-CA-004: a reason comes only with a refusal, so allowed="true" carries none.</summary>
    private static void TieReasonToRefusal(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }
        string? Of(string quantity) => properties.FirstOrDefault(p => p.Value?["x-ece-quantity"]?.GetValue<string>() == quantity).Key;
        if (Of(Quantity.ChatAllowed) is { } allowed && Of(Quantity.Conditions) is { } reason)
        {
            schema["if"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [allowed] = new JsonObject { ["const"] = true } }, ["required"] = new JsonArray(allowed) };
            // {"not": {}} rather than the boolean schema false, which Kiota 1.38's reader cannot take.
            schema["then"] = new JsonObject { ["properties"] = new JsonObject { [reason] = new JsonObject { ["not"] = new JsonObject() } } };
        }
    }

    /// <summary>The XSDs with xs:documentation on each root, field and enumeration value, from the same descriptions
    /// (the operation's, the quantity's, the value's meaning), so classes generated from them (xjc, xscgen) say what
    /// they hold. File name → text; the files reference each other by these names.</summary>
    public static IReadOnlyList<(string File, string Text)> DocumentedSchemas(EceSpec spec, JsonObject? profile = null)
    {
        var (docs, enumerations) = Documentation(spec, profile ?? Build());
        var files = new List<(string, string)>();
        foreach (var path in SpecResources.List("xsd"))
        {
            var xsd = XDocument.Parse(SpecResources.ReadText(path));
            Annotate(xsd, docs, enumerations);
            var text = new StringBuilder();
            using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) }))
            {
                xsd.Save(writer);
            }
            files.Add((Path.GetFileName(path), text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal) + "\n"));
        }
        return files;
    }

    /// <summary>What each root and field is (by name), and the enumerated fields (by their XSD type's name).</summary>
    private static (Dictionary<string, string> Docs, Dictionary<string, Field> Enumerations) Documentation(EceSpec spec, JsonObject profile)
    {
        var operations = Operations(profile).ToDictionary(o => o["operationId"]!.GetValue<string>(), o => o["description"]!.GetValue<string>());
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        var enumerations = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var op in spec.Operations)
        {
            var message = op.Response ?? op.Request!;
            docs[message.Root.LocalName] = $"{operations[op.Id]} (operation {op.Id}: {op.Method} {op.PathTemplate})";
            foreach (var field in message.Fields.Concat(message.Fields.SelectMany(f => f.Item?.Fields ?? [])))
            {
                if (field.Quantity is { } quantity && spec.Quantities.TryGetValue(quantity, out var meaning))
                {
                    docs.TryAdd(field.Name, meaning);
                }
                if (field.IsEnum)
                {
                    enumerations[Identifier(field.Name)] = field;
                }
            }
        }
        return (docs, enumerations);
    }

    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";

    private static XElement Doc(string text) => new(Xs + "annotation", new XElement(Xs + "documentation", text));

    /// <summary>xs:documentation first in each element and attribute named in <paramref name="docs"/>, and in each
    /// enumeration's type and value.</summary>
    private static void Annotate(XDocument xsd, Dictionary<string, string> docs, Dictionary<string, Field> enumerations)
    {
        foreach (var node in xsd.Descendants().Where(e => e.Name == Xs + "element" || e.Name == Xs + "attribute").ToList())
        {
            if ((string?)node.Attribute("name") is { } name && docs.TryGetValue(name, out var text))
            {
                node.AddFirst(Doc(text));
            }
        }
        foreach (var type in xsd.Descendants(Xs + "simpleType").Where(t => t.Attribute("name") is not null).ToList())
        {
            if (enumerations.TryGetValue((string)type.Attribute("name")!, out var field))
            {
                type.AddFirst(Doc($"The values of {field.Name}, with their meaning in the source."));
                foreach (var value in type.Descendants(Xs + "enumeration"))
                {
                    var member = field.Member((string)value.Attribute("value")!) ?? throw new SpecException($"The XSD's {field.Name} value {value.Attribute("value")} is not in openapi.yaml.");
                    value.AddFirst(Doc(member.Meaning));
                }
            }
        }
    }

    /// <summary>queue_depth_reached → QueueDepthReached, noAgents → NoAgents.</summary>
    private static string Identifier(string value) =>
        string.Concat(value.Split('_', '-', ' ').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
