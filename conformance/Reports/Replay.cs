using System.Text;
using Ece.Conformance.Http;

namespace Ece.Conformance.Reports;

/// <summary>A curl command that sends a request again as the runner sent it: method, URL, headers (credentials
/// redacted as in every report) and body. Every failure carries one, in the console, HTML and Markdown.</summary>
internal static class Replay
{
    private static readonly HashSet<string> s_implied = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Connection" };

    public static string Curl(Exchange x)
    {
        var command = new StringBuilder("curl -i");
        if (x.Method != "GET")
        {
            command.Append(x.Method == "HEAD" ? " -I" : $" -X {x.Method}");
        }
        command.Append(' ').Append(Quote(x.Url));
        foreach (var (name, value) in x.RequestHeaders.Where(h => !s_implied.Contains(h.Key)))
        {
            command.Append(" -H ").Append(Quote($"{name}: {value}"));
        }
        if (x.RequestBody is { } body)
        {
            command.Append(" --data-binary ").Append(Quote(body));
        }
        return command.ToString();
    }

    /// <summary>POSIX shell single quotes: nothing inside is interpreted; a quote is closed, escaped and reopened. Text
    /// with line breaks or other control characters uses $'...' (bash, zsh), so the body is sent byte for byte.</summary>
    private static string Quote(string text) => text.Any(char.IsControl)
        ? "$'" + string.Concat(text.Select(c => c switch
        {
            '\\' => "\\\\",
            '\'' => "\\'",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\x{(int)c:x2}",
            _ => c.ToString(),
        })) + "'"
        : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
