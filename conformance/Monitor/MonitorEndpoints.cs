using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ece.Conformance.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ece.Conformance.Monitor;

/// <summary>GET /metrics, /probe, /healthz and / (the status page).</summary>
internal static class MonitorEndpoints
{
    /// <summary>The content type of Prometheus' text exposition format 0.0.4.</summary>
    public const string Exposition = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMonitor(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (MonitorMetrics metrics, CancellationToken cancel) =>
            TypedResults.Stream(body => metrics.ExportAsync(body, cancel), Exposition));

        routes.MapGet("/probe", Probe);

        routes.MapGet("/healthz", (MonitorState state) => TypedResults.Text($"ok: watching {state.Snapshot().Count} targets\n"));

        routes.MapGet("/", (MonitorState state, MonitorSettings settings) =>
            TypedResults.Text(StatusPage.Render(state.Snapshot(), settings), "text/html; charset=utf-8"));
        return routes;
    }

    /// <summary>Prometheus' multi-target pattern (as blackbox_exporter): one cycle for one target, its metrics only.
    /// Only the configured targets unless --probe-any: a monitor that fetches any URL it is given is an open proxy
    /// into the network it runs in (SSRF), and a monitor is often placed where the ECE servers are.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Probe(string? target, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "entry_point")] string? entryPoint,
        MonitorSettings settings, MonitorScheduler scheduler, CancellationToken cancel)
    {
        Uri uri;
        string[] entryPoints;
        try
        {
            uri = TargetUrl.Parse(target ?? throw new UsageException("/probe needs ?target=URL."), "target");
            entryPoints = entryPoint is null ? [.. settings.Checks.EntryPoints]
                : long.TryParse(entryPoint, System.Globalization.CultureInfo.InvariantCulture, out var id) ? [id.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                : throw new UsageException($"entry_point takes an entry point id, a 64-bit integer, not '{MonitorMetrics.Cut(entryPoint)}'.");
        }
        catch (UsageException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!settings.ProbeAny && !scheduler.Watches(uri))
        {
            return TypedResults.Problem($"{MonitorMetrics.Cut(uri)} is not a configured target; /probe checks only those (start the monitor with --probe-any to allow any).",
                statusCode: StatusCodes.Status403Forbidden);
        }
        // The operator's --header values (credentials) and --insecure are for the configured targets only: never sent
        // to a host named in a query.
        var connection = scheduler.Watches(uri) ? settings.Connection : settings.Connection with { Headers = [], Insecure = false };
        var probe = settings with { Targets = [uri], Connection = connection, Checks = settings.Checks with { EntryPoints = entryPoints } };
        var cycle = await scheduler.ProbeAsync(uri, probe, cancel);
        var state = new MonitorState([uri], entryPoints);
        state.Apply(cycle, settings.Interval, settings.MaxBackoff);
        using var metrics = new MonitorMetrics(state, settings.Checks.LatencyBudget, processMetrics: false);
        metrics.Record(cycle, settings.Checks.LatencyBudget);
        return TypedResults.Text(await metrics.ExportAsync(cancel), Exposition);
    }
}
