using System.Collections.Concurrent;
using Ece.Conformance.Http;
using Ece.Spec;

namespace Ece.Conformance.Checks;

/// <summary>What every check needs: the spec, the target, the run's choices, and the answers fetched so far
/// (each operation and entry point is asked once, whatever the number of rules that judge the answer).</summary>
internal sealed class CheckContext(EceSpec spec, TargetClient target, CheckSettings settings, Browser.BrowserSession? browser = null)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _once = new();

    public EceSpec Spec { get; } = spec;
    public TargetClient Target { get; } = target;
    public CheckSettings Settings { get; } = settings;

    /// <summary>Chromium and the page host, with --browser; null without.</summary>
    public Browser.BrowserSession? Browser { get; } = browser;

    public string PathOf(Operation operation, string? id = null) => operation.Path(Settings.BasePath, id);

    /// <summary>The shared answers fetched so far (not the samples), for the report's observations.</summary>
    public IEnumerable<Answer> Answers =>
        _once.Values.Where(a => a.IsValueCreated && a.Value.IsCompletedSuccessfully).Select(a => a.Value.Result).OfType<Answer>();

    /// <summary>Runs <paramref name="work"/> once per run for <paramref name="key"/>; every later caller gets the same result.
    /// Rules that judge the same request (an answer, a snapshot, a posted survey) share it this way.</summary>
    public async Task<T> Once<T>(string key, Func<Task<T>> work) =>
        (T)await _once.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => (await work())!)).Value;

    public Task<Answer> AnswerAsync(Operation operation, string entryPoint, CancellationToken cancel) =>
        Once($"answer {operation.Id} {entryPoint}", () => FetchAsync(operation, entryPoint, cancel));

    /// <summary>A fresh answer, not shared: for samples taken at one moment.</summary>
    public async Task<Answer> FetchAsync(Operation operation, string entryPoint, CancellationToken cancel)
    {
        var exchange = await Target.SendAsync(HttpMethod.Get, PathOf(operation, entryPoint), Settings.Accept, operation: operation.Id, cancel: cancel);
        return Answer.From(operation, entryPoint, exchange);
    }
}

/// <summary>The choices of a run that checks look at.</summary>
internal sealed record CheckSettings
{
    /// <summary>An entry point id as the API takes it: a 64-bit integer, written without a sign or leading zeros.</summary>
    /// <param name="option">Where the value came from, for the message (--entry-point, a query parameter).</param>
    public static string ParseEntryPoint(string value, string option) =>
        long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new UsageException($"{option} takes an entry point id, a 64-bit integer, not '{value}'.");

    public required string BasePath { get; init; }
    public required IReadOnlyList<string> EntryPoints { get; init; }
    public required string InvalidEntryPoint { get; init; }
    public bool AllowWrites { get; init; }
    public string SurveySessionId { get; init; } = "0";
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..12];
    /// <summary>The Accept header of ordinary requests: what a chat button sends.</summary>
    public string Accept { get; init; } = $"{MediaTypes.PlainXml[0]}, {MediaTypes.PlainXml[1]};q=0.9, */*;q=0.1";
    /// <summary>How many more samples are taken when one contradicts an agreement rule (two must agree to settle).</summary>
    public int Resamples { get; init; } = 2;
    /// <summary>The site a chat button runs on (--origin): the cross-origin rules are checked for it; null skips them.</summary>
    public string? Origin { get; init; }
    /// <summary>How long polling clients wait for an answer (--latency-budget).</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromSeconds(5);
}
