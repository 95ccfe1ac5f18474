using System.Net;
using System.Net.Http.Json;
using Ece.Conformance.Monitor;
using Ece.ReferenceServer;
using Ece.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>GET /probe: one cycle for one target, its metrics only (Prometheus' multi-target pattern); only configured
/// targets unless --probe-any, so the monitor is not an open proxy.</summary>
[CancelAfter(60_000)]
public class ProbeTests
{
    [Test]
    public async Task A_probe_returns_the_metrics_of_its_target_only()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync();
        await using var two = await RunningMonitor.ReferenceServerAsync("queue-full");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url, two.Url], s => s with { Interval = TimeSpan.FromMinutes(10) }));

        var samples = await monitor.MetricsAsync($"/probe?target={Uri.EscapeDataString(two.Url.ToString())}");

        samples.Where(s => s.Labels.ContainsKey("target")).Select(s => s["target"]).Distinct().Should().Equal(two.Url.ToString().TrimEnd('/'));
        samples.Should().Contain(s => s.Name == "ece_chat_button_state" && s["state"] == "hidden" && s.Value == 1);
        samples.Should().Contain(s => s.Name == "ece_probe_success" && s.Value == 1, "a refusal with its reason is a button read");
        samples.Should().Contain(s => s.Name == "ece_rule_outcome");
        samples.Should().NotContain(s => s.Name.StartsWith("process_", StringComparison.Ordinal), "the process's metrics are in /metrics, not in a probe");
    }

    [Test]
    public async Task A_target_that_is_not_configured_is_refused()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url], s => s with { Interval = TimeSpan.FromMinutes(10) }));

        var answer = await monitor.Http.GetAsync("/probe?target=http://10.1.2.3:8080");

        answer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("--probe-any");
    }

    [Test]
    public async Task With_probe_any_a_target_that_is_not_configured_is_probed()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync();
        await using var other = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url], s => s with { Interval = TimeSpan.FromMinutes(10), ProbeAny = true }));

        var samples = await monitor.MetricsAsync($"/probe?target={Uri.EscapeDataString(other.Url.ToString())}&entry_point=1001");

        samples.Should().Contain(s => s.Name == "ece_target_up" && s["target"] == other.Url.ToString().TrimEnd('/') && s.Value == 1);
        samples.Where(s => s.Name == "ece_chat_button_state").Select(s => s["entry_point"]).Distinct().Should().Equal("1001");
    }

    [Test]
    public async Task A_probe_of_a_slow_target_answers_within_the_scrape_time_out_with_what_it_could_judge()
    {
        await using var watched = await RunningMonitor.ReferenceServerAsync();
        await using var slow = await SlowServerAsync();
        // As an operator would run it: a long interval, the default request time-out; only the scrape is short.
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([watched.Url], s => s with
        {
            Interval = TimeSpan.FromMinutes(10),
            Connection = s.Connection with { Timeout = TimeSpan.FromSeconds(10) },
            ProbeAny = true,
        }));

        using var answer = await ScrapeAsync(monitor, slow.Url);

        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var samples = Exposition.Parse(await answer.Content.ReadAsStringAsync());
        samples.Should().Contain(s => s.Name == "ece_probe_success" && s.Value == 0, "the button's answer never came: as blackbox_exporter, a failed probe");
        samples.Should().Contain(s => s.Name == "ece_chat_button_hidden_reason" && s["reason"] == EceSpec.Default.ChatButton.States.Error && s.Value == 1);
        samples.Should().Contain(s => s.Name == "ece_rule_outcome" && s["operation"] == ChatAllowed && s["outcome"] == "not judged");
    }

    [Test]
    public async Task A_probe_of_a_target_whose_cycle_is_in_flight_says_so_within_the_scrape_time_out()
    {
        await using var slow = await SlowServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([slow.Url], s => s with
        {
            Interval = TimeSpan.FromMinutes(10),
            Connection = s.Connection with { Timeout = TimeSpan.FromSeconds(10) },
        }));

        // The monitor's own first cycle holds the target (one cycle at a time): the probe does not wait it out.
        using var answer = await ScrapeAsync(monitor, slow.Url);

        answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("busy with this target");
    }

    /// <summary>A Prometheus HA pair: two probers of a watched target 150 ms away, with --concurrency 1 (a watch cycle
    /// holds the only slot much of the time). The old code took the target's gate and then a slot for a probe, and a
    /// slot and then the gate for a watch: the two waited on each other until the scrape's time-out (503 for every
    /// probe). A watched target is now answered from its last cycle, and every path takes a slot before a gate.</summary>
    [Test, CancelAfter(60_000)]
    public async Task Two_probers_of_a_watched_target_always_get_an_answer_within_a_second()
    {
        await using var target = await RunningMonitor.ReferenceServerAsync();
        using (var control = new HttpClient { BaseAddress = target.Url })
        {
            foreach (var operation in EceSpec.Default.ReadOnlyOperations)
            {
                (await control.PutAsJsonAsync($"/control/faults/{operation.Id}", new { delayMs = 150 })).EnsureSuccessStatusCode();
            }
        }
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([target.Url], s => s with { Concurrency = 1, Interval = TimeSpan.FromSeconds(2) }));
        await monitor.WaitForAsync(m => RunningMonitor.Cycles(m) >= 1, TimeSpan.FromSeconds(20), "the target's first cycle");

        var probers = Enumerable.Range(0, 2).Select(async _ =>
        {
            var answers = new List<(HttpStatusCode Status, TimeSpan Took)>();
            for (var i = 0; i < 15; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var answer = await ScrapeAsync(monitor, target.Url);
                answers.Add((answer.StatusCode, clock.Elapsed));
            }
            return answers;
        });
        var all = (await Task.WhenAll(probers)).SelectMany(a => a).ToList();

        all.Should().OnlyContain(a => a.Status == HttpStatusCode.OK && a.Took < TimeSpan.FromSeconds(1), string.Join(", ", all));
        var samples = Exposition.Parse(await (await ScrapeAsync(monitor, target.Url)).Content.ReadAsStringAsync());
        samples.Should().Contain(s => s.Name == "ece_probe_cycle_age_seconds" && s.Value >= 0 && s.Value < 10);
    }

    private static readonly string ChatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;

    /// <summary>A reference server whose chat button answers take a minute.</summary>
    private static async Task<LoopbackApp> SlowServerAsync()
    {
        var slow = await RunningMonitor.ReferenceServerAsync();
        using var control = new HttpClient { BaseAddress = slow.Url };
        (await control.PutAsJsonAsync($"/control/faults/{ChatAllowed}", new { delayMs = 60_000 })).EnsureSuccessStatusCode();
        return slow;
    }

    /// <summary>A probe as Prometheus scrapes it with a 3 s time-out, said in a header. The client waits twice as long, so
    /// a loaded machine cannot fail the test, while a probe that ignores the header (it would take the 10 minute
    /// interval) still does.</summary>
    private static async Task<HttpResponseMessage> ScrapeAsync(RunningMonitor monitor, Uri target)
    {
        using var prometheus = new HttpClient { BaseAddress = monitor.Url, Timeout = TimeSpan.FromSeconds(6) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/probe?target={Uri.EscapeDataString(target.ToString())}");
        request.Headers.Add(MonitorEndpoints.ScrapeTimeoutHeader, "3");
        return await prometheus.SendAsync(request);
    }

    [TestCase(null, 600)]
    [TestCase("10", 9.5)]
    [TestCase("0.6", 0.3)]
    [TestCase("900", 600)]
    [TestCase("-1", 600)]
    [TestCase("NaN", 600)]
    [TestCase("1e300", 600)]
    [TestCase("ten", 600)]
    public void A_probe_takes_half_a_second_less_than_the_scrape_time_out_and_never_more_than_the_interval(string? header, double seconds) =>
        MonitorEndpoints.Deadline(header, TimeSpan.FromMinutes(10)).Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("")]
    [TestCase("?target=ftp://example.com")]
    [TestCase("?target=http://example.com/system/egain")]
    public async Task A_probe_without_a_valid_target_is_a_bad_request(string query)
    {
        await using var one = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url], s => s with { Interval = TimeSpan.FromMinutes(10), ProbeAny = true }));

        (await monitor.Http.GetAsync("/probe" + query)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Healthz_answers_and_the_status_page_shows_the_button()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync("service-down");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url]));
        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_target_up" && s.Value == 1), TimeSpan.FromSeconds(20), "up");

        (await monitor.Http.GetStringAsync("/healthz")).Should().StartWith("ok");
        (await monitor.Http.GetStringAsync("/")).Should().Contain(">hidden<").And.Contain(one.Url.ToString().TrimEnd('/'));
    }

    /// <summary>What a target sends reaches the page: here the Content-Type of its answers, which the failing media type
    /// rule quotes. Encoded, it stays text: no script runs, no attribute is closed by its quote.</summary>
    [Test]
    public async Task The_status_page_encodes_what_a_target_sends()
    {
        const string Hostile = "text/<script>alert(1)</script>\"";
        var hostile = LoopbackApp.Slim();
        hostile.MapGet("/{**path}", async (HttpContext context) =>
        {
            context.Response.Headers.ContentType = Hostile;
            await context.Response.WriteAsync("true");
        });
        await using var target = await LoopbackApp.StartAsync(hostile);
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([target.Url]));
        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_rule_outcome" && s["outcome"] == "failed"), TimeSpan.FromSeconds(20), "a rule failed");

        var page = await monitor.Http.GetStringAsync("/");

        page.Should().Contain("sent as &#x27;text/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;", "the type is shown, encoded")
            .And.NotContain("<script").And.NotContain("</script>\"");
    }
}
