using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Commands;

/// <summary>The settings of the check command, validated: anything wrong is a UsageException (exit 2).</summary>
internal sealed record RunOptions
{
    /// <summary>HAR files to judge instead of a live target (--har; folders already expanded).</summary>
    public IReadOnlyList<string> Har { get; init; } = [];
    /// <summary>The hosts to check; none for the embedded reference server, several for a fleet.</summary>
    public IReadOnlyList<Uri> Targets { get; init; } = [];
    /// <summary>How each target is reached (time-out, retries, headers, proxy, TLS).</summary>
    public TargetOptions Connection { get; init; } = new();
    /// <summary>What the checks look at (base path, entry points, writes, origin, latency budget).</summary>
    public required CheckSettings Checks { get; init; }
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(120);
    public RuleFilter Filter { get; init; } = RuleFilter.All;
    public string? Baseline { get; init; }
    public string? WriteBaseline { get; init; }
    public string ReportDirectory { get; init; } = "conformance-report";
    public IReadOnlyCollection<string> Formats { get; init; } = ReportWriter.Formats;
    public string Scenario { get; init; } = Ece.ReferenceServer.ReferenceServerApp.DefaultScenario;
    public bool Verbose { get; init; }
    /// <summary>Check the sample chat button in Chromium (ECE-BR-001).</summary>
    public bool Browser { get; init; }
    public string? Chromium { get; init; }
    /// <summary>The clock of the run: its start, duration and deadline, and every request's time-out. Required: the
    /// command gives the system clock, a test its own.</summary>
    public required TimeProvider Time { get; init; }

    public static string ParseOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0 && !value.EndsWith('/')
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new UsageException($"--origin takes the scheme, host and port of the web site, such as https://www.example.com, not '{value}'.");

    /// <summary>The --target values and the targets file's, each once, in the order given.</summary>
    public static List<Uri> ParseTargets(string[]? targets, string? file) =>
        (targets ?? []).Select(t => TargetUrl.Parse(t, "--target")).Concat(file is null ? [] : ReadTargetsFile(file)).Distinct().ToList();

    /// <summary>The --entry-point values, each once; the spec's example entry point when none is given.</summary>
    public static IReadOnlyList<string> ParseEntryPoints(string[]? values)
    {
        var entryPoints = (values ?? []).Select(e => CheckSettings.ParseEntryPoint(e, "--entry-point")).Distinct().ToList();
        return entryPoints.Count > 0 ? entryPoints : [EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    /// <summary>--only and --skip, each term matching at least one rule of the catalogue.</summary>
    public static RuleFilter ParseFilter(string[]? only, string[]? skip)
    {
        var filter = new RuleFilter(Split(only), Split(skip));
        return filter.Unknown(EceSpec.Default).FirstOrDefault() is { } term
            ? throw new UsageException($"--only/--skip {term} matches no rule (see --list).")
            : filter;
    }

    /// <summary>The largest targets file read: 1,000,000 targets of 60 characters, far more than one instance watches.</summary>
    public const int MaxTargetsFileBytes = 64 << 20;

    /// <summary>The longest line of a targets file: a URL longer than this is no ECE's.</summary>
    public const int MaxTargetLine = 4096;

    /// <summary>A targets file: one URL a line; blank lines and lines starting with # are ignored. Read with bounds, so a
    /// wrong path (/dev/zero, a log file) is a usage error in a moment, not gigabytes of memory.</summary>
    public static IEnumerable<Uri> ReadTargetsFile(string path)
    {
        var targets = new List<Uri>();
        try
        {
            using var reading = InputWait.Enter($"--targets-file {path}"); // a pipe (<(…)) may never end, or never open
            using var reader = new StreamReader(InputFile.Open(path));
            var read = 0L;
            var line = new System.Text.StringBuilder();
            var number = 1;
            int c;
            while ((c = reader.Read()) >= 0)
            {
                if (++read > MaxTargetsFileBytes)
                {
                    throw new UsageException($"--targets-file {path} is over {MaxTargetsFileBytes >> 20} MiB: give a file of URLs, one a line.");
                }
                if (c == '\n')
                {
                    Take(line.ToString(), number++);
                    line.Clear();
                }
                else if (line.Length >= MaxTargetLine)
                {
                    throw new UsageException($"--targets-file {path}: line {number} is over {MaxTargetLine} characters: '{SafeXml.Printable(SafeXml.Cut(line.ToString(), 120))}'.");
                }
                else
                {
                    line.Append((char)c);
                }
            }
            Take(line.ToString(), number);
            if (targets.Count == 0)
            {
                // Never a run of nothing: without a target the check command runs its demonstration and says CONFORMANT.
                throw new UsageException($"--targets-file {path} names no target: give one URL a line (lines starting with # are comments).");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"--targets-file {path} cannot be read: {e.Message}");
        }
        return targets;

        void Take(string text, int number)
        {
            var l = text.Trim();
            if (l.Length > 0 && !l.StartsWith('#'))
            {
                targets.Add(TargetUrl.Parse(l, $"{path} line {number}: a target"));
            }
        }
    }

    public static KeyValuePair<string, string> ParseHeader(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? value[..colon].Trim() : "";
        return name.Length > 0 && name.All(c => c > ' ' && c < 127 && c != ':') && !value.Contains('\n', StringComparison.Ordinal)
            ? KeyValuePair.Create(name, value[(colon + 1)..].Trim())
            : throw new UsageException($"--header takes \"Name: value\", not '{value}'.");
    }

    /// <summary>A base path, or "" (or "/") for an API mounted at the root, as a mock server serves it.</summary>
    public static string ParseBasePath(string value) =>
        value is "" or "/" ? "" : value.StartsWith('/') && !value.Contains("//", StringComparison.Ordinal) && Uri.IsWellFormedUriString(value, UriKind.Relative)
            ? value.TrimEnd('/')
            : throw new UsageException($"--base-path must be a path such as {EceSpec.Default.DefaultBasePath}, not '{value}'.");

    /// <summary>A repeatable option's values, each also comma-separated (--format json,html --format junit).</summary>
    public static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>The --format values, each one of <paramref name="known"/>; <paramref name="fallback"/> when none is given.</summary>
    /// <exception cref="UsageException">A value is not one of <paramref name="known"/>.</exception>
    public static IReadOnlyList<string> ParseFormats(string[]? values, IReadOnlyList<string> known, IReadOnlyList<string> fallback)
    {
        var formats = Split(values).Distinct().ToList();
        return formats.FirstOrDefault(f => !known.Contains(f)) is { } unknown
            ? throw new UsageException($"--format {unknown} is not one of {string.Join(", ", known)}.")
            : formats.Count > 0 ? formats : fallback;
    }

    /// <summary>The shortest time an option takes: a millisecond. Less rounds to nothing in the timers and clients that
    /// take it (an HttpClient refuses a time-out of zero), so 1e-8 was an internal error instead of a usage error.</summary>
    public const double MinSeconds = 0.001;

    public static TimeSpan Seconds(double value, string option, double max) =>
        value >= MinSeconds && value <= max ? TimeSpan.FromSeconds(value) : throw new UsageException($"{option} must be from {MinSeconds} to {max} seconds, not {value}.");

    public static int Between(int value, string option, int min, int max) =>
        value >= min && value <= max ? value : throw new UsageException($"{option} must be from {min} to {max}.");
}
