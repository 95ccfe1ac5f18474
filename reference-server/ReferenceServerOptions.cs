namespace Ece.ReferenceServer;

/// <summary>Settings of the reference server, from the command line (--scenario, --base-path, --control,
/// --cors-origins, --max-surveys, --log-format) or any other configuration source.</summary>
internal sealed class ReferenceServerOptions
{
    /// <summary>A scenario name or the path of a state file.</summary>
    public string Scenario { get; set; } = Scenarios.ScenarioCatalog.Default;

    /// <summary>Base paths to serve the API under; the spec's default when empty.</summary>
    public IReadOnlyList<string> BasePaths { get; set; } = [];

    /// <summary>Whether the control API is mapped (off by default: it can change the state).</summary>
    public bool Control { get; set; }

    /// <summary>The bearer token the control API asks for (--control-token or ECE_CONTROL_TOKEN), or null for none.</summary>
    public string? ControlToken { get; set; }

    /// <summary>HAR files whose chat API answers are served instead of the state's (--replay, comma-separated).</summary>
    public IReadOnlyList<string> Replay { get; set; } = [];

    /// <summary>--replay-timing: each recorded answer takes as long as it took when recorded.</summary>
    public bool ReplayTiming { get; set; }

    /// <summary>Origins a chat button on another site may call from ("*" for any).</summary>
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    public int MaxSurveys { get; set; } = 10_000;

    /// <summary>The most memory the stored surveys may take (default 64 MiB); when reached, new surveys get 507.</summary>
    public long MaxSurveyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>simple (one line a message) or json (structured, one object a message).</summary>
    public string LogFormat { get; set; } = "simple";

    public static ReferenceServerOptions From(IConfiguration configuration) => new()
    {
        Scenario = configuration["scenario"] ?? Scenarios.ScenarioCatalog.Default,
        BasePaths = List(configuration["base-path"]),
        Control = bool.TryParse(configuration["control"], out var control) && control,
        ControlToken = configuration["control-token"] is { Length: > 0 } token ? token
            : Environment.GetEnvironmentVariable(Ece.ReferenceServer.Control.ControlAccess.TokenVariable) is { Length: > 0 } variable ? variable : null,
        CorsOrigins = List(configuration["cors-origins"]),
        Replay = List(configuration["replay"]),
        ReplayTiming = bool.TryParse(configuration["replay-timing"], out var timing) && timing,
        MaxSurveys = int.TryParse(configuration["max-surveys"], out var max) && max > 0 ? max : 10_000,
        MaxSurveyBytes = long.TryParse(configuration["max-survey-bytes"], out var bytes) && bytes > 0 ? bytes : 64L * 1024 * 1024,
        LogFormat = configuration["log-format"] ?? "simple",
    };

    private static List<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>A setting the server must not start with, in the user's words.</summary>
public sealed class StartupException(string message) : Exception(message);
