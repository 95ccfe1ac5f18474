using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;

namespace Ece.Conformance.Monitor;

/// <summary>The monitor as a web app: the scheduler as a hosted service, the endpoints, the host's lifetime (SIGTERM
/// and Ctrl+C stop it cleanly: the listener closes, cycles in flight are cancelled, the webhook queue gets its chance).</summary>
internal static class MonitorHost
{
    /// <param name="log">Where the change lines go (stdout).</param>
    /// <param name="status">Where the monitor says what is not a change: a cycle that failed (stderr).</param>
    public static WebApplication Build(MonitorSettings settings, TextWriter log, TextWriter status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // stdout carries the change lines (JSON) only: the host's own messages would break a log pipeline reading them.
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.WebHost.UseUrls($"http://{settings.Listen}");
        // /probe's refusals are problem details: their JSON from build-time metadata, as the native runner has no
        // reflection to build it (without it, each refusal was an empty 500 there).
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MonitorJson.Default));
        var state = new MonitorState(settings.Targets, settings.Checks.EntryPoints);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(state);
        // Made by the container, so the container disposes it (its Meter and listener) when the host stops.
        builder.Services.AddSingleton(_ => new MonitorMetrics(state, settings.Checks.LatencyBudget, settings.Interval));
        builder.Services.AddSingleton(services => new ChangeNotifier(log, settings.Webhook, services.GetRequiredService<MonitorMetrics>(), settings.Time));
        // Cycles of many targets fail at once: one line at a time, whatever writer the caller gave.
        var errors = TextWriter.Synchronized(status);
        builder.Services.AddSingleton(services => new MonitorScheduler(settings, state, services.GetRequiredService<MonitorMetrics>(),
            services.GetRequiredService<ChangeNotifier>(), errors));
        builder.Services.AddHostedService(services => services.GetRequiredService<MonitorScheduler>());
        var app = builder.Build();
        app.MapMonitor();
        return app;
    }
}

/// <summary>The monitor's JSON answers (problem details) from build-time metadata.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class MonitorJson : System.Text.Json.Serialization.JsonSerializerContext;
