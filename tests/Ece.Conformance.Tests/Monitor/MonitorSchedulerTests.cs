using System.Net.Http.Json;
using System.Text.Json;
using Ece.Spec;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>The monitor against the reference server, changed through its control API while it watches: each change
/// shows in /metrics and in the log at the next cycle, and no survey is ever posted. Where a test judges the state, the
/// monitor runs on a fake clock that the test moves an interval at a time: the next cycle is the one that must show the
/// change, with no wait for a real interval. Where it judges how long answers take, the clock is the system's: the
/// reference server delays its answers on the real clock, and the monitor must time them with the same one.</summary>
[CancelAfter(120_000)]
public class MonitorSchedulerTests
{
    private static readonly string Ep = EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private static bool Button(IReadOnlyList<Sample> m, string state) =>
        m.Any(s => s.Name == "ece_chat_button_state" && s["entry_point"] == Ep && s["state"] == state && s.Value == 1);

    private static bool Hidden(IReadOnlyList<Sample> m, string reason, string business) =>
        m.Any(s => s.Name == "ece_chat_button_hidden_reason" && s["reason"] == reason && s["business"] == business && s.Value == 1);

    /// <summary>The monitor on a fake clock, after its first cycle (the button shown).</summary>
    private static async Task<(Ece.ReferenceServer.LoopbackApp Server, RunningMonitor Monitor, HttpClient Control, FakeTimeProvider Time)> StartOnFakeClockAsync(
        Func<Conformance.Monitor.MonitorSettings, Conformance.Monitor.MonitorSettings>? change = null)
    {
        var server = await RunningMonitor.ReferenceServerAsync();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], s => (change ?? (x => x))(s with { Time = time, Interval = Interval })));
        await monitor.WaitForAsync(m => RunningMonitor.Cycles(m) == 1, Guard, "the first cycle");
        return (server, monitor, new HttpClient { BaseAddress = server.Url }, time);
    }

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>Moves the clock one interval and waits for the cycle it starts (one target: exactly one); answers its metrics.</summary>
    private static async Task<IReadOnlyList<Sample>> NextCycleAsync(RunningMonitor monitor, FakeTimeProvider time)
    {
        var before = await monitor.CyclesAsync();
        time.Advance(Interval);
        await monitor.WaitForAsync(m => RunningMonitor.Cycles(m) == before + 1, Guard, "the next cycle");
        return await monitor.MetricsAsync();
    }

    /// <summary>The monitor on the system clock, after its first cycle showed the button: for the tests whose reference
    /// server delays its answers, which it does on the real clock (a fake one would time a 60 s delay as none).</summary>
    private static async Task<(Ece.ReferenceServer.LoopbackApp Server, RunningMonitor Monitor, HttpClient Control)> StartAsync(Func<Conformance.Monitor.MonitorSettings, Conformance.Monitor.MonitorSettings>? change = null)
    {
        var server = await RunningMonitor.ReferenceServerAsync();
        var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], change));
        await monitor.WaitForAsync(m => Button(m, "shown"), Guard, "the first cycle shows the button");
        return (server, monitor, new HttpClient { BaseAddress = server.Url });
    }

    [Test]
    public async Task A_full_queue_hides_the_button_for_a_business_reason_in_the_metrics_and_the_log()
    {
        var (server, monitor, control, time) = await StartOnFakeClockAsync();
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;
        Button(await monitor.MetricsAsync(), "shown").Should().BeTrue();

        (await control.PostAsync("/control/scenarios/queue-full", null)).EnsureSuccessStatusCode();
        var reason = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Response!.ByQuantity(Quantity.Conditions)!.MemberWhen(Condition.QueueFull)!.Value;

        var next = await NextCycleAsync(monitor, time);
        (Button(next, "hidden") && Hidden(next, reason, "true")).Should().BeTrue("hidden, queue full, business, at the next cycle");
        monitor.Log.Select(l => JsonDocument.Parse(l).RootElement).Should().Contain(e => e.GetProperty("kind").GetString() == "button"
            && e.GetProperty("from").GetString() == "shown" && e.GetProperty("to").GetString() == $"hidden ({reason})");

        (await control.PostAsync("/control/scenarios/default", null)).EnsureSuccessStatusCode();
        Button(await NextCycleAsync(monitor, time), "shown").Should().BeTrue("shown again at the next cycle");
    }

    [Test]
    public async Task A_wrong_base_path_is_a_misconfiguration_with_the_option_to_change_never_an_outage()
    {
        var (server, monitor, control, time) = await StartOnFakeClockAsync(s => s with { Checks = s.Checks with { BasePath = "/system/ws" } });
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;

        await NextCycleAsync(monitor, time);
        var metrics = await NextCycleAsync(monitor, time);

        metrics.Should().Contain(s => s.Name == "ece_target_misconfigured" && s["reason"] == "base_path" && s.Value == 1);
        metrics.Should().NotContain(s => s.Name == "ece_rule_outcome" && s["outcome"] == "failed" && s.Value == 1, "no rule is failed for the monitor's own mistake");
        Button(metrics, "unknown").Should().BeTrue("the button is not known, never 'hidden for an error'");
        metrics.Should().Contain(s => s.Name == "ece_target_up" && s.Value == 1);
        var said = monitor.Log.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("kind").GetString() == "misconfigured").ToList();
        said.Should().ContainSingle("said once, not at each of the three cycles").Which.GetProperty("detail").GetString().Should().Contain($"--base-path {EceSpec.Default.DefaultBasePath}");
        (await monitor.Http.GetStringAsync("/")).Should().Contain("misconfigured (base_path)");
    }

    [Test]
    public async Task The_service_down_hides_the_button_for_a_reason_that_is_not_business()
    {
        var (server, monitor, control, time) = await StartOnFakeClockAsync();
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;

        (await control.PatchAsJsonAsync("/control/service", new { running = false })).EnsureSuccessStatusCode();
        var reason = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Response!.ByQuantity(Quantity.Conditions)!.MemberWhen(Condition.ServiceDown)!.Value;

        Hidden(await NextCycleAsync(monitor, time), reason, "false").Should().BeTrue("hidden, service down, not business, at the next cycle");
        monitor.Log.Should().Contain(l => l.Contains($"hidden ({reason})", StringComparison.Ordinal));
    }

    [Test]
    public async Task An_injected_500_hides_the_button_as_an_error_and_fails_a_must_rule()
    {
        var (server, monitor, control, time) = await StartOnFakeClockAsync();
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;
        var chatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;

        (await control.PutAsJsonAsync($"/control/faults/{chatAllowed}", new { status = 500 })).EnsureSuccessStatusCode();

        var next = await NextCycleAsync(monitor, time);
        Hidden(next, EceSpec.Default.ChatButton.States.Error, "false").Should().BeTrue("hidden for an error at the next cycle");
        next.Should().Contain(s => s.Name == "ece_rule_outcome" && s["operation"] == chatAllowed && s["level"] == "MUST" && s["outcome"] == "failed" && s.Value == 1);
        monitor.Log.Should().Contain(l => l.Contains("\"kind\":\"rule\"", StringComparison.Ordinal) && l.Contains("\"to\":\"failed\"", StringComparison.Ordinal));
    }

    [Test]
    public async Task Answers_slower_than_the_latency_budget_are_counted()
    {
        // The button shown at the start (StartAsync) says the answers came within the budget.
        var (server, monitor, control) = await StartAsync(s => s with { Checks = s.Checks with { LatencyBudget = TimeSpan.FromMilliseconds(400) } });
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;
        var chatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;

        (await control.PutAsJsonAsync($"/control/faults/{chatAllowed}", new { delayMs = 800 })).EnsureSuccessStatusCode();
        var before = await monitor.CyclesAsync();

        await monitor.ShowsWithinOneIntervalAsync(before, m => m.Any(s => s.Name == "ece_answers_over_budget" && s["operation"] == chatAllowed && s.Value > 0)
            && Hidden(m, EceSpec.Default.ChatButton.States.Error, "false"), "answers over budget counted, and the button hidden as a page that gave up on them shows it");
    }

    [Test]
    public async Task A_target_that_never_answers_hides_the_button_for_an_error_even_when_the_time_out_is_longer_than_the_interval()
    {
        // --timeout 10 s with a 1 s interval: the cycle's own deadline must not cut the button's request with nothing to
        // show (unknown, no duration): a page that waits and gets nothing shows its error state.
        var (server, monitor, control) = await StartAsync(s => s with
        {
            Connection = s.Connection with { Timeout = TimeSpan.FromSeconds(10) },
            Checks = s.Checks with { LatencyBudget = TimeSpan.FromMilliseconds(500) },
        });
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;
        var chatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;

        (await control.PutAsJsonAsync($"/control/faults/{chatAllowed}", new { delayMs = 60_000 })).EnsureSuccessStatusCode();
        var before = await monitor.CyclesAsync();

        await monitor.ShowsWithinOneIntervalAsync(before, m => Button(m, "hidden") && Hidden(m, EceSpec.Default.ChatButton.States.Error, "false")
            && m.Any(s => s.Name == "ece_answers_over_budget" && s["operation"] == chatAllowed && s.Value > 0), "hidden for an error, the wait counted over budget");
    }

    [Test]
    public async Task Cycles_that_wait_for_a_slot_show_as_started_late()
    {
        await using var one = await RunningMonitor.ReferenceServerAsync();
        await using var two = await RunningMonitor.ReferenceServerAsync();
        foreach (var server in new[] { one, two })
        {
            using var control = new HttpClient { BaseAddress = server.Url };
            (await control.PutAsJsonAsync($"/control/faults/{EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id}", new { delayMs = 60_000 })).EnsureSuccessStatusCode();
        }
        // Two targets whose cycles each take their whole interval, one slot: each waits for the other's cycle.
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([one.Url, two.Url], s => s with { Concurrency = 1 }));

        await monitor.WaitForAsync(m => RunningMonitor.Cycles(m) >= 4, Guard, "four cycles");

        var delays = await monitor.MetricsAsync();
        var mean = delays.Single(s => s.Name == "ece_cycle_start_delay_seconds_sum").Value / delays.Single(s => s.Name == "ece_cycle_start_delay_seconds_count").Value;
        mean.Should().BeGreaterThan(0.25, "with one slot for two targets that each take an interval, cycles start about half an interval late on average");
    }

    [Test]
    public async Task A_target_slower_than_the_interval_is_still_watched_cycle_after_cycle()
    {
        var (server, monitor, control) = await StartAsync();
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;
        var chatAllowed = EceSpec.Default.Reporting(Quantity.ChatAllowed).Operation.Id;
        (await control.PutAsJsonAsync($"/control/faults/{chatAllowed}", new { delayMs = 5_000 })).EnsureSuccessStatusCode();
        var before = await monitor.CyclesAsync();
        await monitor.WaitForAsync(m => RunningMonitor.Cycles(m) >= before + 3, Guard, "three more cycles of a target whose answers outlast the interval");

        (await monitor.MetricsAsync()).Should().NotContain(s => s.Name == "ece_cycle_errors" && s.Value > 0);
    }

    [Test]
    public async Task The_monitor_never_posts_a_survey()
    {
        var (server, monitor, control, time) = await StartOnFakeClockAsync();
        await using var _ = server;
        await using var __ = monitor;
        using var ___ = control;

        await NextCycleAsync(monitor, time);
        await NextCycleAsync(monitor, time);

        var surveys = await control.GetAsync("/control/surveys");
        surveys.Headers.GetValues("X-Total-Count").Should().Equal("0");
        (await monitor.MetricsAsync()).Where(s => s.Name == "ece_rule_outcome").Select(s => s["operation"])
            .Should().NotContain(EceSpec.Default.Operations.Where(o => o.Method != HttpMethod.Get).Select(o => o.Id), "rules on writing operations are not watched");
    }
}
