using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ece.Conformance.Reports;

internal static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A file, never inlined in HTML: bodies keep their < and > instead of six-byte escapes (controls are still escaped).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // The report's types from build-time metadata (reflection over them cost ~40 ms of every run); anything else
        // written with these options falls back to reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ReportJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static string Render(ReportModel report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a report; one of another schema version, or not a report, is refused with a clear message.</summary>
    public static ReportModel Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path} is not a readable JSON report: {e.Message}");
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new UsageException($"{path} is not an ece-conformance JSON report (it has no schemaVersion).");
            }
            if (version.GetInt32() != ReportModel.CurrentSchemaVersion)
            {
                throw new UsageException($"{path} is a report of schema version {version.GetInt32()}; this ece-conformance reads version {ReportModel.CurrentSchemaVersion}. Run both reports with the same version of the tool.");
            }
            return document.Deserialize<ReportModel>(Options) ?? throw new UsageException($"{path} is empty.");
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReportModel))]
internal sealed partial class ReportJson : JsonSerializerContext;
