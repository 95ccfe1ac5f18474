using System.Net;

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
    public async Task Healthz_answers_and_the_status_page_encodes_what_it_shows()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync("service-down");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url]));
        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_target_up" && s.Value == 1), TimeSpan.FromSeconds(20), "up");

        (await monitor.Http.GetStringAsync("/healthz")).Should().StartWith("ok");
        var page = await monitor.Http.GetStringAsync("/");
        page.Should().Contain("hidden").And.Contain(one.Url.ToString().TrimEnd('/')).And.NotContain("<script");
    }
}
