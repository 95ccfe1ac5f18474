using System.Globalization;
using System.Text.RegularExpressions;

namespace Ece.Spec;

/// <summary>The lexical spaces of the XSD types the contract uses (XML Schema 1.1 Part 2),
/// so the runner can say which rule a value breaks instead of one schema error for the document.</summary>
public static partial class Lexical
{
    [GeneratedRegex(@"^\+?[0-9]+$")]
    private static partial Regex NonNegativeInteger();

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")]
    private static partial Regex NonNegativeDecimal();

    [GeneratedRegex(@"^-(0+(\.0*)?|\.0+)$")]
    private static partial Regex NegativeZero();

    /// <summary>XSD whiteSpace="collapse": the numeric and boolean types ignore surrounding white space.</summary>
    public static string Collapse(string value) => value.Trim(' ', '\t', '\r', '\n');

    public static bool IsValid(FieldType type, string value, int? minLength = null) => type switch
    {
        FieldType.Boolean => ParseBoolean(value) is not null,
        FieldType.WholeNumber => Integer().IsMatch(Collapse(value)),
        FieldType.NonNegativeInteger => NonNegativeInteger().IsMatch(Collapse(value)) || Collapse(value) == "-0",
        FieldType.NonNegativeDecimal => NonNegativeDecimal().IsMatch(Collapse(value)) || NegativeZero().IsMatch(Collapse(value)),
        FieldType.Text => value.Length >= (minLength ?? 0),
        _ => false,
    };

    /// <summary>The lexical forms of xs:boolean true and false.</summary>
    public static readonly IReadOnlyList<string> True = ["true", "1"];

    public static readonly IReadOnlyList<string> False = ["false", "0"];

    public static bool? ParseBoolean(string value) => Collapse(value) switch
    {
        var t when True.Contains(t) => true,
        var f when False.Contains(f) => false,
        _ => null,
    };

    /// <summary>Whether a valid xs:integer or xs:decimal lexical value is above zero, at any size (a count of 10^30 is
    /// legal and positive, though no .NET number holds it).</summary>
    public static bool IsPositive(string value)
    {
        var text = Collapse(value);
        return !text.StartsWith('-') && text.Any(c => c is >= '1' and <= '9');
    }

    public static decimal? ParseDecimal(string value) =>
        decimal.TryParse(Collapse(value), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static string Describe(FieldType type) => type switch
    {
        FieldType.Boolean => "an xs:boolean (true or false)",
        FieldType.WholeNumber => "an integer",
        FieldType.NonNegativeInteger => "a non-negative integer",
        FieldType.NonNegativeDecimal => "a non-negative decimal",
        FieldType.Text => "a string",
        _ => "a list",
    };

    /// <summary>Formats a value the way JAXB does: booleans lower case, decimals with at least one fraction digit.</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        decimal d => d == decimal.Truncate(d) ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
