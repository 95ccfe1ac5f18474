namespace Ece.ReferenceServer;

/// <summary>One structured line per request (method, path, status, milliseconds) instead of ASP.NET's five, up to a
/// budget of lines a second; past it, requests are counted and summarised once a second, so a load test is not slowed
/// by its own log (a console line costs more than the answer). The path is logged escaped, as sent: a %0A in it
/// cannot forge a line.</summary>
internal sealed partial class RequestLog : IDisposable
{
    public const int DefaultLinesPerSecond = 50;

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _linesPerSecond;
    private readonly long[] _suppressed = new long[6];
    private readonly ITimer _summary;
    private long _window;
    private int _lines;

    public RequestLog(ILogger logger, TimeProvider time, int linesPerSecond = DefaultLinesPerSecond)
    {
        _logger = logger;
        _time = time;
        _linesPerSecond = linesPerSecond;
        _summary = time.CreateTimer(_ => Summarise(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Defaults below every other configuration source, so --Logging:LogLevel:... still overrides them.</summary>
    public static void QuietFrameworkLogs(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // A port that is taken is said in one line by Program, not with the host's stack trace.
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "None",
            },
        });

    public void Record(string method, PathString path, int status, TimeSpan elapsed)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        var second = _time.GetTimestamp() / _time.TimestampFrequency;
        // Read before writing: one write a second, not one a request, on a field every request touches.
        if (Volatile.Read(ref _window) != second && Interlocked.Exchange(ref _window, second) != second)
        {
            Interlocked.Exchange(ref _lines, 0);
        }
        if (Interlocked.Increment(ref _lines) <= _linesPerSecond)
        {
            var escaped = path.ToUriComponent();
            Log(_logger, method, escaped, status, elapsed.TotalMilliseconds);
        }
        else
        {
            Interlocked.Increment(ref _suppressed[Math.Clamp(status / 100, 0, 5)]);
        }
    }

    /// <summary>Runs the rest of the pipeline and records it however it ended (an exception, a client that went
    /// away), timed by the injected clock so a FakeTimeProvider drives the milliseconds logged.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var start = _time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context.Request.Method, context.Request.Path, context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode, _time.GetElapsedTime(start));
        }
    }

    /// <summary>Once a second: how many requests were counted rather than logged, by status class.</summary>
    internal void Summarise()
    {
        var counts = _suppressed.Select((_, i) => Interlocked.Exchange(ref _suppressed[i], 0)).ToArray();
        var total = counts.Sum();
        if (total > 0)
        {
            var classes = string.Join(", ", counts.Select((n, i) => (n, i)).Where(p => p.n > 0 && p.i > 0).Select(p => $"{p.i}xx: {p.n}"));
            LogSummary(_logger, total, _linesPerSecond, classes);
        }
    }

    public void Dispose() => _summary.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} in {ElapsedMs:0.0} ms")]
    private static partial void Log(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} more requests in the last second, counted rather than logged (over {Budget} lines a second): {Classes}")]
    private static partial void LogSummary(ILogger logger, long count, int budget, string classes);
}

internal static class RequestLogExtensions
{
    public static IApplicationBuilder UseRequestLog(this WebApplication app)
    {
        var log = new RequestLog(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ece.ReferenceServer.Requests"),
            app.Services.GetRequiredService<TimeProvider>());
        app.Lifetime.ApplicationStopped.Register(log.Dispose);
        return app.Use(log.InvokeAsync);
    }
}
