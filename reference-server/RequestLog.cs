using System.Diagnostics;

namespace Ece.ReferenceServer;

/// <summary>One structured line per request (method, path, status, milliseconds) instead of ASP.NET's five.</summary>
public static partial class RequestLog
{
    /// <summary>Defaults below every other configuration source, so --Logging:LogLevel:... still overrides them.</summary>
    public static void QuietFrameworkLogs(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

    public static IApplicationBuilder UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ece.ReferenceServer.Requests");
        return app.Use(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            await next(context);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var path = context.Request.Path.Value ?? "";
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Log(logger, context.Request.Method, path, context.Response.StatusCode, elapsed);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} in {ElapsedMs:0.0} ms")]
    private static partial void Log(ILogger logger, string method, string path, int status, double elapsedMs);
}
