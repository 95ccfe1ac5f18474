using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ece.Spec;

namespace Ece.Conformance.Reports;

internal static class JsonReport
{
    /// <summary>The report's types' metadata is generated at build time (ReportJson), never built by reflection, which
    /// the native runner does not have: a type missing there fails in every test, not in the field.</summary>
    private static readonly ReportJson s_json = new(SerializerOptions(reading: false));

    private static JsonSerializerOptions SerializerOptions(bool reading) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A file, never inlined in HTML: bodies keep their < and > instead of six-byte escapes (controls are still escaped).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Enums as the report names them, kebab-case (not-applicable); a converter per enum, as the one for every
        // enum makes its converters at run time.
        Converters = { new KebabCaseEnum<Checks.Outcome>(), new KebabCaseEnum<Http.ExchangeFailure>() },
        // A report read back (compare) is a file from anywhere: a null where the model has no null is the file's fault,
        // said as such (exit 2), never a null met halfway through a comparison (a member missing: Reading.Require).
        RespectNullableAnnotations = reading,
        // The target's kind may come after its other members (a report sorted by jq -S): it is still the same report.
        AllowOutOfOrderMetadataProperties = reading,
    };

    /// <summary>The reading options, made on first use: a run that only writes never builds them.</summary>
    private static class Reading
    {
        public static readonly JsonTypeInfo<ReportModel> Report = (JsonTypeInfo<ReportModel>)Options().GetTypeInfo(typeof(ReportModel));

        private static JsonSerializerOptions Options()
        {
            var options = SerializerOptions(reading: true);
            options.TypeInfoResolver = ReportJson.Default.WithAddedModifier(Require);
            return options;
        }

        /// <summary>A member the model cannot hold as null is one every report has: missing, the report is not whole.
        /// The members that may be null may be left out, as report.schema.json allows (a result's expected and actual,
        /// say); RespectRequiredConstructorParameters would ask for those too.</summary>
        private static void Require(JsonTypeInfo type)
        {
            foreach (var member in type.Properties)
            {
                member.IsRequired |= !member.PropertyType.IsValueType && !member.IsSetNullable;
            }
        }
    }

    public static JsonSerializerOptions Options => s_json.Options;

    public static string Render(ReportModel report) => JsonSerializer.Serialize(report, s_json.ReportModel);

    /// <summary>The largest report read: a run's is tens to hundreds of KB (answer bodies are cut at the spec's size).
    /// A bigger file given to compare is not a report, and would cost memory without bound.</summary>
    public const int MaxReportBytes = 32 << 20;

    /// <summary>Reads a report; one of another schema version, or not a whole report, is refused with a clear message
    /// (a UsageException: compare's exit 2).</summary>
    public static ReportModel Read(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var schema))
        {
            throw new UsageException($"{path} is not an ece-conformance JSON report (it has no schemaVersion, a whole number).");
        }
        if (schema != ReportModel.CurrentSchemaVersion)
        {
            throw new UsageException($"{path} is a report of schema version {schema}; this ece-conformance reads version {ReportModel.CurrentSchemaVersion}. Run both reports with the same version of the tool.");
        }
        ReportModel? report;
        try
        {
            if (NullItem(root, "$") is { } where)
            {
                throw new UsageException($"{path} is not a whole ece-conformance report: {where} is null, where a report never has one.");
            }
            report = root.Deserialize(Reading.Report);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // JsonException: a member missing, null or of another type; NotSupportedException: a target without its
            // kind; InvalidOperationException: a name that is no UTF-16 text (a lone surrogate escaped).
            throw new UsageException($"{path} is not a whole ece-conformance report: {SafeXml.Printable(SafeXml.Cut(e.Message, 300))}");
        }
        return report is null ? throw new UsageException($"{path} is empty.") : Checked(report, path);
    }

    /// <summary>The longest text of a result read: ten times a finding's excerpt (CheckCall.MaxText), so whatever compare
    /// prints of a report stays short (a 5 MB rule id was printed whole).</summary>
    public const int MaxResultText = 10 * Checks.CheckCall.MaxText;

    /// <summary>What the types cannot say: rule ids of the catalogue's form, levels it has, texts of a finding's size.</summary>
    private static ReportModel Checked(ReportModel report, string path)
    {
        var fault = report.Results.Select(r => !RuleCatalogue.IsRuleId(r.Rule) ? $"'{SafeXml.Cut(r.Rule, 40)}' is no rule id (such as ECE-GN-001)"
                : !Enum.GetNames<RuleLevel>().Contains(r.Level, StringComparer.OrdinalIgnoreCase) ? $"rule {r.Rule} has the level '{SafeXml.Cut(r.Level, 40)}', which is none of MUST, SHOULD, MAY"
                : new[] { r.Message, r.Expected, r.Actual }.Any(t => t?.Length > MaxResultText) ? $"a text of rule {r.Rule} is over {MaxResultText} characters, far longer than the runner writes"
                : null)
            .Concat(report.Rules.Select(r => RuleCatalogue.IsRuleId(r.Id) ? null : $"'{SafeXml.Cut(r.Id, 40)}' is no rule id (such as ECE-GN-001)"))
            .FirstOrDefault(f => f is not null);
        return fault is null ? report : throw new UsageException($"{path} is not a whole ece-conformance report: {SafeXml.Printable(fault)}.");
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(InputFile.ReadUtf8(path, MaxReportBytes, "report"));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"{path} is not a readable JSON report: {e.Message}");
        }
    }

    /// <summary>The path of the first null item of an array, if any: the serializer leaves a list's items to the file.</summary>
    private static string? NullItem(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.Null ? $"{path}[{i}]" : NullItem(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        JsonValueKind.Object => element.EnumerateObject().Select(p => NullItem(p.Value, $"{path}.{p.Name}")).FirstOrDefault(p => p is not null),
        _ => null,
    };
}

[JsonSerializable(typeof(ReportModel))]
internal sealed partial class ReportJson : JsonSerializerContext;

/// <summary>An enum as kebab-case text (NotApplicable as not-applicable), in both directions; never a number, which
/// a report never holds and which read back as a value the enum does not have (an outcome 99 shown as "skipped").</summary>
internal sealed class KebabCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) where TEnum : struct, Enum;
