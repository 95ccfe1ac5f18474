using System.Text;
using System.Text.Json;
using System.Xml;
using Ece.ReferenceServer.State;
using Ece.Spec;

namespace Ece.ReferenceServer.ChatApi;

/// <summary>Writes an operation's answer for an entry point in the chosen media type, as a real ECE server does.</summary>
internal static class AnswerWriter
{
    private static readonly XmlWriterSettings s_xml = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
    };

    public static bool IsJson(string mediaType) => mediaType.EndsWith("/json", StringComparison.Ordinal);

    public static byte[] Write(Message message, EntryPointView view, string mediaType)
    {
        if (IsJson(mediaType))
        {
            // Written by the node itself: the serializer would first build reflection metadata for JsonObject (~30 ms).
            using var json = new MemoryStream();
            using (var writer = new Utf8JsonWriter(json))
            {
                message.RenderJson(view.LexicalValue).WriteTo(writer);
            }
            return json.ToArray();
        }
        var document = message.Render(view.LexicalValue);
        using var buffer = new MemoryStream();
        // JAXB writes encoding="UTF-8" in upper case; XmlWriter would write the encoding's web name.
        var declaration = Encoding.UTF8.GetBytes(document.Declaration!.ToString());
        buffer.Write(declaration);
        using (var writer = XmlWriter.Create(buffer, s_xml))
        {
            document.Root!.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    public static string ContentType(string mediaType) => mediaType + "; charset=utf-8";

    /// <summary>A body cut off in the middle of the root's start tag, for the malformed-body fault.</summary>
    public static byte[] Malformed(Message message) => Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{message.Root.LocalName} ");
}
