using System.Globalization;
using System.Text;

namespace Ece.Conformance.Monitor;

/// <summary>The pieces of Prometheus' text exposition format the monitor writes itself (<see cref="StateExposition"/>):
/// a family's HELP and TYPE lines, one series, a sample value and a yes/no label value.</summary>
internal static class PrometheusText
{
    /// <summary>A family's HELP and TYPE lines.</summary>
    public static void Header(StringBuilder b, string name, string help, string type) =>
        b.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n')
         .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    /// <summary>One series: name{label="value",...} value. Label values escaped as the format requires (backslash, double
    /// quote, line feed), so no text can end a value early or start a line of its own.</summary>
    public static void Sample(StringBuilder b, string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        b.Append(name);
        for (var i = 0; i < labels.Length; i++)
        {
            b.Append(i == 0 ? '{' : ',').Append(labels[i].Name).Append("=\"");
            foreach (var c in labels[i].Value)
            {
                _ = c switch
                {
                    '\\' => b.Append("\\\\"),
                    '"' => b.Append("\\\""),
                    '\n' => b.Append("\\n"),
                    _ => b.Append(c),
                };
            }
            b.Append('"');
        }
        b.Append(labels.Length > 0 ? "} " : " ").Append(Number(value)).Append('\n');
    }

    /// <summary>A sample value as Go's ParseFloat reads it (Prometheus' own spelling of the special values).</summary>
    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A yes/no label value, "true" or "false" as XML Schema writes a boolean.</summary>
    public static string BooleanLabel(bool value) => System.Xml.XmlConvert.ToString(value);
}
