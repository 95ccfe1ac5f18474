using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>An unreachable target: shown as down, its button unknown, and tried less and less often (the wait doubles
/// per failed cycle), which /metrics shows. The clock is fake: the test moves it, it does not wait for it.</summary>
[CancelAfter(60_000)]
public class BackoffTests
{
    [Test]
    public async Task An_unreachable_target_shows_as_down_and_is_tried_less_and_less_often()
    {
        var (held, nobody) = NobodyListens();
        using var _ = held;
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var time = new FakeTimeProvider(start);
        var interval = TimeSpan.FromSeconds(10);
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([nobody], s => s with { Time = time, Interval = interval }));

        double Cycles(IReadOnlyList<Sample> m) => m.Where(s => s.Name == "ece_cycles" && s["reached"] == "false").Sum(s => s.Value);
        double Backoff(IReadOnlyList<Sample> m) => m.Single(s => s.Name == "ece_target_backoff_seconds").Value;

        await monitor.WaitForAsync(m => Cycles(m) == 1, TimeSpan.FromSeconds(20), "the first cycle");
        var first = await monitor.MetricsAsync();
        first.Should().Contain(s => s.Name == "ece_target_up" && s.Value == 0);
        first.Should().Contain(s => s.Name == "ece_chat_button_state" && s["state"] == "unknown" && s.Value == 1);
        Backoff(first).Should().Be(10, "after one failure the next try is two intervals later");
        monitor.Log.Should().ContainSingle(l => l.Contains("\"kind\":\"target\"", StringComparison.Ordinal) && l.Contains("\"to\":\"down\"", StringComparison.Ordinal));

        time.Advance(interval + TimeSpan.FromSeconds(10));
        await monitor.WaitForAsync(m => Cycles(m) == 2, TimeSpan.FromSeconds(20), "the second cycle, two intervals later");
        Backoff(await monitor.MetricsAsync()).Should().Be(30, "after two failures, four intervals");

        // In two steps: a monitor that tried again after three intervals would run its cycle at the first step. The
        // clock stands still between them, so the cycle's time says when it ran, whenever the test looks.
        time.Advance(interval + TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(10));
        await monitor.WaitForAsync(m => Cycles(m) == 3, TimeSpan.FromSeconds(20), "the third cycle, four intervals later");
        var third = await monitor.MetricsAsync();
        third.Single(s => s.Name == "ece_target_last_cycle_timestamp_seconds").Value
            .Should().Be(start.AddSeconds(60).ToUnixTimeMilliseconds() / 1000.0, "the third cycle ran four intervals after the second (at 20 s), not three");
        Backoff(third).Should().Be(70);
    }

    [Test]
    public async Task A_reachable_target_is_up_without_back_off()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url]));

        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_target_up" && s.Value == 1), TimeSpan.FromSeconds(20), "up");
        (await monitor.MetricsAsync()).Single(s => s.Name == "ece_target_backoff_seconds").Value.Should().Be(0);
    }

    /// <summary>A loopback port bound for the test and never listened on: a connection to it is refused at once, and
    /// nothing else can take the port while the test holds it (a port taken and released could be, and answer).</summary>
    private static (Socket Held, Uri Url) NobodyListens()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (socket, new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/"));
    }
}
