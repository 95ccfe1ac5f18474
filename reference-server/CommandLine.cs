using System.Globalization;
using Ece.Spec;

namespace Ece.ReferenceServer;

/// <summary>The reference server's own options, checked before the host starts: ASP.NET's configuration would
/// silently ignore a misspelt one, and a server started with a setting it did not take misleads its user.</summary>
internal static class CommandLine
{
    private static readonly Dictionary<string, string> s_options = new()
    {
        ["--urls"] = "URL[;URL]  where to listen (default http://localhost:5000)",
        ["--scenario"] = "NAME|PATH  a built-in scenario or a state file (default default)",
        ["--base-path"] = $"P1,P2      base paths to serve (default {EceSpec.Default.DefaultBasePath})",
        ["--control"] = "           map the control API (/control/...): it changes the state",
        ["--control-token"] = "TOKEN      the bearer token the control API asks for; needed beyond loopback (or ECE_CONTROL_TOKEN)",
        ["--replay"] = "F1.har,F2  answer from these HAR recordings byte for byte (other ids: an invalid entry point)",
        ["--replay-timing"] = "           with --replay, each answer takes as long as it took when recorded",
        ["--cors-origins"] = "O1,O2      origins a chat button on another site may call from (* for any)",
        ["--max-surveys"] = "N          surveys kept in memory (default 10000); then 507",
        ["--max-survey-bytes"] = "N          memory the stored surveys may take (default 67108864); then 507",
        ["--log-format"] = "simple|json",
    };

    private static readonly Dictionary<string, long> s_numbers = new() { ["--max-surveys"] = int.MaxValue, ["--max-survey-bytes"] = long.MaxValue };

    // ASP.NET's own settings pass through: logging and Kestrel sections, and the host's options (test hosts pass them).
    private static readonly string[] s_passThrough = ["--Logging:", "--Kestrel:", "--contentRoot", "--applicationName", "--environment"];

    public static string Help =>
        "ECE 11.6 chat API reference server: an in-memory ECE that answers as the spec says, in every state.\n\n"
        + "Usage: dotnet run --project reference-server -- [options]\n\nOptions:\n"
        + string.Join("\n", s_options.Select(o => $"  {o.Key,-20} {o.Value}"))
        + "\n  --help               this text\n\nScenarios (--scenario NAME):\n"
        + string.Join("\n", Scenarios.ScenarioCatalog.Names.Select(n => $"  {n,-24} {Scenarios.ScenarioCatalog.Load(n).Description}"))
        + "\n\nExample:\n  dotnet run --project reference-server -- --urls http://127.0.0.1:8080 --scenario queue-full --control";

    private static string? ValueProblem(string name, string? value) => name switch
    {
        "--control" or "--replay-timing" when value is not null && !bool.TryParse(value, out _) => $"{name} takes no value (or true or false), not '{value}'.",
        "--replay" when value!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => !File.Exists(f)) is { } missing => $"--replay: no file {missing}.",
        "--log-format" when value is not ("simple" or "json") => $"--log-format is simple or json, not '{value}'.",
        "--base-path" when value!.Split(',', StringSplitOptions.TrimEntries).Any(p => !p.StartsWith('/') || p.IndexOfAny(['{', '}', '?', '#', ' ']) >= 0) =>
            $"--base-path takes paths such as {EceSpec.Default.DefaultBasePath}, not '{value}'.",
        // Kestrel would listen on every interface for a port it cannot read, or crash on a scheme it does not serve.
        "--urls" when value!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(u =>
            !Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url)
            || url.Scheme != "http" || url.AbsolutePath != "/" || u.LastIndexOf(':') <= u.IndexOf("://", StringComparison.Ordinal) + 2 || u.EndsWith(']')) =>
            $"--urls takes http://HOST:PORT addresses (such as http://127.0.0.1:8080; the server has no certificate for https), not '{value}'.",
        _ => null,
    };

    /// <summary>What is wrong with <paramref name="args"/>, or null.</summary>
    public static string? Problem(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (s_passThrough.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                i += inline is null && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
                continue;
            }
            if (!s_options.ContainsKey(name))
            {
                return $"unknown option '{args[i]}'.";
            }
            var value = inline ?? (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (value is null && name is not ("--control" or "--replay-timing"))
            {
                return $"{name} needs a value.";
            }
            if (s_numbers.TryGetValue(name, out var max) && !(long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= max))
            {
                return $"{name} takes a positive whole number up to {max}, not '{value}'.";
            }
            if (ValueProblem(name, value) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }
}
