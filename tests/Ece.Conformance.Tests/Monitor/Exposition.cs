using System.Globalization;
using System.Text;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>One sample of the text exposition: name, labels, value.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? this[string label] => Labels.GetValueOrDefault(label);
}

/// <summary>A strict reader of Prometheus' text exposition format 0.0.4, to read the monitor's metrics back: a line that
/// does not follow the format (a label value whose quote or line break was not escaped) throws, naming the line.</summary>
internal static class Exposition
{
    public static IReadOnlyList<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                samples.Add(ParseSample(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {i + 1}: {e.Message}: {line}");
            }
        }
        return samples;
    }

    private static Sample ParseSample(string line)
    {
        var at = 0;
        var name = Name(line, ref at);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var label = Name(line, ref at);
                Expect(line, ref at, '=');
                Expect(line, ref at, '"');
                var value = new StringBuilder();
                while (line[at] != '"')
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        value.Append(line[at] switch { '\\' => '\\', '"' => '"', 'n' => '\n', var c => throw new FormatException($"escape \\{c} is not one of \\\\, \\\" and \\n") });
                    }
                    else
                    {
                        value.Append(line[at]);
                    }
                    at++;
                    if (at >= line.Length)
                    {
                        throw new FormatException("a label value is not closed");
                    }
                }
                at++;
                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label {label} twice");
                }
                if (line[at] == ',')
                {
                    at++;
                }
            }
            at++;
        }
        Expect(line, ref at, ' ');
        var parts = line[at..].Split(' ');
        if (parts.Length is < 1 or > 2 || !double.TryParse(parts[0].Replace("+Inf", "Infinity", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{line[at..]}' is not a value");
        }
        return new Sample(name, labels, number);
    }

    private static string Name(string line, ref int at)
    {
        var start = at;
        while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] is '_' or ':'))
        {
            at++;
        }
        return at > start && !char.IsAsciiDigit(line[start]) ? line[start..at] : throw new FormatException($"no name at {start}");
    }

    private static void Expect(string line, ref int at, char c)
    {
        if (at >= line.Length || line[at] != c)
        {
            throw new FormatException($"'{c}' expected at {at}");
        }
        at++;
    }
}
