using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ece.Spec;

namespace Ece.ReferenceServer.SamplePage;

/// <summary>The sample chat-button page (wwwroot, embedded) and ece-api.js, the spec in the form the page reads. The
/// page is what ECE-BR-001 runs in Chromium against a target.</summary>
public static class SamplePageEndpoints
{
    private const string Utf8 = "; charset=utf-8";

    private static readonly Dictionary<string, string> s_types = new(StringComparer.Ordinal)
    {
        [".html"] = MediaTypes.Html + Utf8,
        [".js"] = MediaTypes.JavaScript + Utf8,
        [".css"] = MediaTypes.Css + Utf8,
    };

    public static IEndpointRouteBuilder MapSamplePage(this IEndpointRouteBuilder routes, EceSpec spec, string basePath)
    {
        // Written at the first request for it, not at start: most runs never load the page (~30 ms of a start).
        var apiScript = new Lazy<string>(() => "// Generated from spec/openapi.yaml by the reference server. Copy it beside chat-button.js.\n"
            + "window.EceApi = " + ApiDescription(spec, basePath).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + ";\n");
        var page = spec.ChatButton.Path;
        routes.MapMethods("/", GetAndHead.Methods, () => TypedResults.Redirect(page));
        routes.MapMethods(page, GetAndHead.Methods, () => File("index.html"));
        routes.MapMethods(page + "ece-api.js", GetAndHead.Methods, () => TypedResults.Text(apiScript.Value, s_types[".js"]));
        routes.MapMethods(page + "{file}", GetAndHead.Methods, (string file) => File(file));
        return routes;
    }

    private static Results<FileStreamHttpResult, NotFound> File(string name)
    {
        var stream = typeof(SamplePageEndpoints).Assembly.GetManifestResourceStream("wwwroot/" + name);
        return stream is null || !s_types.TryGetValue(Path.GetExtension(name), out var type)
            ? TypedResults.NotFound()
            : TypedResults.Stream(stream, type);
    }

    /// <summary>Everything the page needs to know of the spec, so that chat-button.js writes no name of its own:
    /// per operation its path, media type, root and fields (node, name, namespace, quantity, enumeration), the
    /// quantity names the page looks fields up by, the xs:boolean true forms, the eligibility operation, and the
    /// page's own contract (x-ece.chatButton).</summary>
    public static JsonObject ApiDescription(EceSpec spec, string basePath)
    {
        var operations = new JsonObject();
        foreach (var op in spec.Operations)
        {
            var message = op.Response ?? op.Request!;
            operations[op.Id] = new JsonObject
            {
                ["method"] = op.Method.Method,
                ["path"] = op.PathTemplate,
                ["mediaType"] = (op.Request is not null ? op.RequestMediaTypes : op.ResponseMediaTypes)[0].MediaType,
                ["root"] = message.Root.LocalName,
                ["rootNamespace"] = message.Root.NamespaceName.Length == 0 ? null : message.Root.NamespaceName,
                ["fields"] = new JsonArray(message.Fields.Select(f => (JsonNode)Describe(f)).ToArray()),
            };
        }
        return new JsonObject
        {
            ["basePath"] = basePath,
            ["idParameter"] = Operation.IdParameter,
            ["exampleEntryPoint"] = spec.ExampleEntryPoint,
            ["quantities"] = new JsonObject(Quantity.All.Select(q => KeyValuePair.Create(q, (JsonNode?)q))),
            ["booleanTrue"] = new JsonArray(Lexical.True.Select(t => (JsonNode)t).ToArray()),
            ["eligibility"] = spec.Eligibility.Operation.Id,
            ["page"] = JsonSerializer.SerializeToNode(spec.ChatButton, SamplePageJson.Default.ChatButtonPage),
            ["operations"] = operations,
        };
    }

    private static JsonObject Describe(Field field)
    {
        var json = new JsonObject
        {
            ["name"] = field.Name,
            ["attribute"] = field.Node == FieldNode.Attribute,
            ["namespace"] = field.Namespace.NamespaceName,
            ["quantity"] = field.Quantity,
        };
        if (field.IsEnum)
        {
            json["values"] = new JsonObject(field.Members.Select(m => KeyValuePair.Create(m.Value, (JsonNode?)m.Meaning)));
            json["customer"] = new JsonObject(field.Members.Where(m => m.Customer is not null).Select(m => KeyValuePair.Create(m.Value, (JsonNode?)m.Customer)));
            // The value when no condition holds: for checkEligibility, "the queue can handle new chats".
            if (field.Unconditional is { } byDefault)
            {
                json["default"] = byDefault.Value;
            }
        }
        if (field.Item is { } item)
        {
            json["item"] = new JsonArray(item.Fields.Select(f => (JsonNode)Describe(f)).ToArray());
        }
        return json;
    }
}

/// <summary>The page contract's JSON from build-time metadata, as the native runner (no reflection) needs.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatButtonPage))]
internal sealed partial class SamplePageJson : JsonSerializerContext;
