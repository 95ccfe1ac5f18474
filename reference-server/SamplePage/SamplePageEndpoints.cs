using System.Text.Json;
using System.Text.Json.Nodes;
using Ece.Spec;

namespace Ece.ReferenceServer.SamplePage;

/// <summary>The sample chat-button page (wwwroot, embedded) and ece-api.js, the spec in the form the page reads.</summary>
public static class SamplePageEndpoints
{
    public const string Prefix = "/chat-button";

    private static readonly Dictionary<string, string> s_types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapSamplePage(this IEndpointRouteBuilder routes, EceSpec spec, string basePath)
    {
        var apiScript = "// Generated from spec/openapi.yaml by the reference server. Copy it beside chat-button.js.\n"
            + "window.EceApi = " + ApiDescription(spec, basePath).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + ";\n";
        routes.MapGetAndHead("/", () => TypedResults.Redirect(Prefix + "/"));
        routes.MapGetAndHead(Prefix + "/", () => File("index.html"));
        routes.MapGetAndHead(Prefix + "/ece-api.js", () => TypedResults.Text(apiScript, s_types[".js"]));
        routes.MapGetAndHead(Prefix + "/{file}", (string file) => File(file));
        return routes;
    }

    private static IResult File(string name)
    {
        var stream = typeof(SamplePageEndpoints).Assembly.GetManifestResourceStream("wwwroot/" + name);
        return stream is null || !s_types.TryGetValue(Path.GetExtension(name), out var type)
            ? TypedResults.NotFound()
            : TypedResults.Stream(stream, type);
    }

    /// <summary>Per quantity, where to find it: the operation's path and root, the field's node, name and namespace.</summary>
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
                ["mediaType"] = (op.Method == HttpMethod.Post ? op.RequestMediaTypes : op.ResponseMediaTypes)[0].MediaType,
                ["root"] = message.Root.LocalName,
                ["fields"] = new JsonArray(message.Fields.Select(f => (JsonNode)Describe(f)).ToArray()),
            };
        }
        return new JsonObject
        {
            ["basePath"] = basePath,
            ["chatNamespace"] = spec.ChatNamespace.NamespaceName,
            ["exampleEntryPoint"] = spec.ExampleEntryPoint,
            ["operations"] = operations,
        };
    }

    private static JsonObject Describe(Field field)
    {
        var json = new JsonObject
        {
            ["name"] = field.Name,
            ["node"] = field.Node.ToString().ToLowerInvariant(),
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
