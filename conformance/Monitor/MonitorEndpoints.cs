using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ece.Conformance.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Monitor;

/// <summary>GET /metrics, /probe, /healthz and / (the status page).</summary>
internal static class MonitorEndpoints
{
    /// <summary>The content type of Prometheus' text exposition format 0.0.4.</summary>
    public const string Exposition = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMonitor(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", Results<PushStreamHttpResult, ProblemHttpResult> (MonitorMetrics metrics, HttpContext context, CancellationToken cancel) =>
        {
            if (metrics.EnterReader() is not { } reader)
            {
                context.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem($"{MonitorMetrics.MaxReaders} readers are being served /metrics; try again in a second.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            // Given back when the request ends, however it ends (a reader that goes away included).
            context.Response.RegisterForDispose(reader);
            return TypedResults.Stream(body => metrics.ExportAsync(body, cancel), Exposition);
        });

        routes.MapGet("/probe", Probe);

        routes.MapGet("/healthz", (MonitorState state) => TypedResults.Text($"ok: watching {state.Snapshot().Count} targets\n"));

        routes.MapGet("/", (MonitorState state, MonitorSettings settings) =>
            TypedResults.Text(StatusPage.Render(state.Snapshot(), settings), $"{MediaTypes.Html}; charset=utf-8"));
        return routes;
    }

    /// <summary>Prometheus' multi-target pattern (as blackbox_exporter): one cycle for one target, its metrics only.
    /// Only the configured targets unless --probe-any: a monitor that fetches any URL it is given is an open proxy
    /// into the network it runs in (SSRF), and a monitor is often placed where the ECE servers are. Bounded by the
    /// scrape's time-out (Prometheus sends it), so a slow target gives a probe with rules not judged, not a failed scrape.</summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Probe(string? target, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "entry_point")] string? entryPoint,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = ScrapeTimeoutHeader)] string? scrapeTimeout, MonitorSettings settings, MonitorScheduler scheduler,
        Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, CancellationToken aborted)
    {
        // Also ended when the monitor stops (SIGTERM): a probe in flight must not hold the shutdown for its deadline.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        var cancel = stopping.Token;
        Uri uri;
        string[] entryPoints;
        try
        {
            uri = TargetUrl.Parse(target ?? throw new UsageException("/probe needs ?target=URL."), "target");
            entryPoints = entryPoint is null ? [.. settings.Checks.EntryPoints] : [CheckSettings.ParseEntryPoint(entryPoint, "entry_point")];
        }
        catch (UsageException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!settings.ProbeAny && !scheduler.Watches(uri))
        {
            return TypedResults.Problem($"{MonitorMetrics.TargetLabel(uri)} is not a configured target; /probe checks only those (start the monitor with --probe-any to allow any).",
                statusCode: StatusCodes.Status403Forbidden);
        }
        var deadline = Deadline(scrapeTimeout, settings.Interval);
        // The operator's --header values (credentials) and --insecure are for the configured targets only: never sent
        // to a host named in a query.
        var connection = scheduler.Watches(uri) ? settings.Connection : settings.Connection with { Headers = [], Insecure = false };
        var probe = settings with { Targets = [uri], Connection = connection, Checks = settings.Checks with { EntryPoints = entryPoints } };
        using var timer = new CancellationTokenSource(deadline, settings.Time);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel, timer.Token);
        CycleResult cycle;
        TimeSpan age;
        try
        {
            (cycle, age) = await scheduler.ProbeAsync(uri, probe, deadline, bound.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return TypedResults.Problem($"The probe of {MonitorMetrics.TargetLabel(uri)} did not finish within {deadline.TotalSeconds:0.#} s (the scrape's time-out, or the interval): "
                + "the monitor is busy with this target or out of slots (--concurrency).", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var state = new MonitorState([uri], entryPoints);
        state.Apply(cycle, settings.Interval, settings.MaxBackoff);
        return TypedResults.Stream(async body =>
        {
            await StateExposition.WriteAsync(body, state.Snapshot(), cancel);
            await StateExposition.WriteProbeAsync(body, cycle, age, settings.Checks.LatencyBudget, cancel);
        }, Exposition);
    }

    /// <summary>The header in which Prometheus tells how long it waits for a scrape (seconds, a decimal).</summary>
    public const string ScrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

    /// <summary>How long a probe may take: half a second less than the scrape's time-out, so the answer arrives before
    /// Prometheus gives up (blackbox_exporter keeps the same margin), and never more than the interval.</summary>
    internal static TimeSpan Deadline(string? scrapeTimeout, TimeSpan interval)
    {
        if (!double.TryParse(scrapeTimeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || !(seconds > 0) || seconds - 0.5 >= interval.TotalSeconds)
        {
            return interval;
        }
        // A time-out of a second or less keeps half of it rather than nothing.
        return TimeSpan.FromSeconds(seconds > 1 ? seconds - 0.5 : seconds / 2);
    }
}
