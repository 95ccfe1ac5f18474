using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ece.Conformance.Reports;

internal static class JsonReport
{
    /// <summary>The report's types' metadata is generated at build time (ReportJson), never built by reflection, which
    /// the native runner does not have: a type missing there fails in every test, not in the field.</summary>
    private static readonly ReportJson s_json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A file, never inlined in HTML: bodies keep their < and > instead of six-byte escapes (controls are still escaped).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Enums as the report names them, kebab-case (not-applicable); a converter per enum, as the one for every
        // enum makes its converters at run time.
        Converters = { new KebabCaseEnum<Checks.Outcome>(), new KebabCaseEnum<Http.ExchangeFailure>() },
    });

    public static JsonSerializerOptions Options => s_json.Options;

    public static string Render(ReportModel report) => JsonSerializer.Serialize(report, s_json.ReportModel);

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
            return document.Deserialize(s_json.ReportModel) ?? throw new UsageException($"{path} is empty.");
        }
    }
}

[JsonSerializable(typeof(ReportModel))]
internal sealed partial class ReportJson : JsonSerializerContext;

/// <summary>An enum as kebab-case text (NotApplicable as not-applicable), in both directions.</summary>
internal sealed class KebabCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower) where TEnum : struct, Enum;
