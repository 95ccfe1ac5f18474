using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ece.Spec;

/// <summary>YAML to a JSON tree and back, by the YAML 1.2 core schema: a plain scalar that reads as a number, a
/// boolean or null is one; a quoted one is text. Anchors are resolved (an alias becomes a copy of its node).</summary>
public static partial class YamlJson
{
    public static JsonNode? Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s => Plain(s.Value ?? ""),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => throw new SpecException($"Unsupported YAML node at {node.Start}."),
    };

    private static JsonValue? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when Integer().IsMatch(text) && long.TryParse(text, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when (Integer().IsMatch(text) || Float().IsMatch(text)) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        _ when Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && double.IsFinite(f) => JsonValue.Create(f),
        _ => JsonValue.Create(text),
    };

    /// <summary>Block-style YAML: mappings and sequences indented by two, text in double quotes (JSON's escapes are
    /// YAML's) unless it spans lines, then a literal block.</summary>
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node, 0, inSequence: false);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject { Count: > 0 } map:
                var first = true;
                foreach (var (key, value) in map)
                {
                    text.Append(first && inSequence ? "" : pad).Append(Key(key)).Append(':');
                    first = false;
                    Value(text, value, indent);
                }
                break;
            case JsonArray { Count: > 0 } list:
                foreach (var item in list)
                {
                    text.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        if (item is JsonArray)
                        {
                            text.Append('\n');
                            Write(text, item, indent + 2, inSequence: false);
                        }
                        else
                        {
                            Write(text, item, indent + 2, inSequence: true);
                        }
                    }
                    else
                    {
                        text.Append(Scalar(item, indent + 2)).Append('\n');
                    }
                }
                break;
            default:
                text.Append(pad).Append(Scalar(node, indent)).Append('\n');
                break;
        }
    }

    private static void Value(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            Write(text, value, indent + 2, inSequence: false);
        }
        else
        {
            text.Append(' ').Append(Scalar(value, indent + 2)).Append('\n');
        }
    }

    private static string Key(string key) => SafeKey().IsMatch(key) ? key : JsonValue.Create(key).ToJsonString();

    private static string Scalar(JsonNode? node, int indent) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Text(v.GetValue<string>(), indent),
        _ => node.ToJsonString(),
    };

    private static string Text(string value, int indent)
    {
        // A literal block keeps an example readable; it cannot carry trailing spaces or carriage returns faithfully.
        // Only printable characters fit a block (YAML 1.2, 5.1), and U+0085, U+2028 and U+2029 are line breaks to
        // YAML 1.1 readers: anything else goes in double quotes, where JSON's escapes carry it exactly.
        if (value.Contains('\n') && !value.Contains('\r') && !value.EndsWith("\n\n", StringComparison.Ordinal)
            && value.All(c => c == '\n' || (!char.IsControl(c) && c is not ('\u0085' or '\u2028' or '\u2029' or '\uFEFF') && !char.IsSurrogate(c)))
            && !value.Split('\n').Any(l => l.EndsWith(' ') || l.EndsWith('\t') || l.StartsWith('\t')) && !value.StartsWith(' ') && !value.StartsWith('\n'))
        {
            var pad = new string(' ', indent);
            var chomp = value.EndsWith('\n') ? "" : "-";
            var body = value.EndsWith('\n') ? value.TrimEnd('\n') : value;
            return "|" + chomp + "\n" + string.Join("\n", body.Split('\n').Select(l => l.Length == 0 ? "" : pad + l));
        }
        return JsonValue.Create(value).ToJsonString(s_unescaped);
    }

    private static readonly JsonSerializerOptions s_unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex Integer();

    // The core schema's floats (1e3 among them); .inf and .nan have no JSON form and stay text.
    [GeneratedRegex(@"^[+-]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][+-]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex SafeKey();
}
