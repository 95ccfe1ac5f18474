using System.Text;
using System.Text.Json.Nodes;
using Ece.Spec;

namespace Ece.Conformance.Button;

/// <summary>What the router reads of an answer and the other legal forms it serves it in: whether it invites a chat,
/// why the reference server refused a body, the same document with another prefix or member order.</summary>
internal static class AnswerForms
{
    /// <summary>The same answer in another legal form: the chat namespace bound to the prefix chat instead of the
    /// source's (ns2), no XML declaration.</summary>
    public static byte[] OtherForm(string sourcePrefix, byte[] xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            text = text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        }
        text = text.Replace($"xmlns:{sourcePrefix}=", "xmlns:chat=", StringComparison.Ordinal)
            .Replace($"<{sourcePrefix}:", "<chat:", StringComparison.Ordinal).Replace($"</{sourcePrefix}:", "</chat:", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>What the reference server said when it refused a request body (its problem details' detail, or the
    /// status), or null when it accepted it.</summary>
    public static string? Refusal(int status, byte[] body)
    {
        if (Http.StatusClass.Success(status))
        {
            return null;
        }
        try
        {
            return SafeXml.Cut(JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? $"status {status}", 300);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return $"status {status}";
        }
    }

    /// <summary>The same JSON in another legal form: members in the reverse order, indented. A page that reads its
    /// answer with a JSON parser cannot tell; one that searches the text for "allowed":true can.</summary>
    public static byte[] OtherJson(byte[] json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject obj)
            {
                return json;
            }
            var reversed = new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            return Encoding.UTF8.GetBytes(reversed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    /// <summary>Whether a readable answer says a chat can start, by the spec's fields (XML or JSON form).</summary>
    public static bool? Invites(Operation operation, string? mediaType, byte[] body)
    {
        var fields = operation.Response?.Fields.Where(f => f.Quantity is Quantity.ChatAllowed or Quantity.AgentsAvailable or Quantity.Capacity || f.IsEligibility).ToList();
        if (fields is not { Count: > 0 })
        {
            return null;
        }
        try
        {
            Func<Field, string?> read;
            if (MediaTypes.IsJson(mediaType))
            {
                var json = JsonNode.Parse(body);
                read = f => json?[f.Name]?.ToJsonString().Trim('"');
            }
            else
            {
                var root = SafeXml.Read(body, null).Document?.Root;
                read = f => f.Node == FieldNode.Attribute ? root?.Attribute(f.Name)?.Value : root?.Elements().FirstOrDefault(e => e.Name.LocalName == f.Name)?.Value;
            }
            var values = fields.Select(f => (f, v: read(f))).Where(p => p.v is not null).ToList();
            return values.Count == 0 ? null : values.All(p => p.f.InvitesChat(p.v!));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException)
        {
            return null;
        }
    }

}
