using System.Diagnostics;
using Ece.Conformance.Monitor;
using Ece.ReferenceServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>--webhook: each change line is POSTed as the same JSON; a webhook that fails is counted, not retried.</summary>
[CancelAfter(60_000)]
public class ChangeNotifierTests
{
    [Test]
    public async Task Each_change_is_posted_as_its_log_line()
    {
        var received = new List<string>();
        var hook = LoopbackApp.Slim();
        hook.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (received) { received.Add(body); }
            return Results.NoContent();
        });
        await using var webhook = await LoopbackApp.StartAsync(hook);
        await using var server = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], s => s with { Webhook = new Uri(webhook.Url, "hook") }));

        await monitor.WaitForAsync(_ => { lock (received) { return received.Count >= 2; } }, TimeSpan.FromSeconds(20), "two posts (target up, button shown)");
        (await monitor.MetricsAsync()).Should().NotContain(s => s.Name == "ece_webhook_failures");
        // Stopped, the monitor makes no more changes and its notifier drains what is queued: every post is in.
        await monitor.StopAsync();

        lock (received)
        {
            received.Should().Equal(monitor.Log, "each change line posted once, in order");
        }
    }

    [Test]
    public async Task A_webhook_that_fails_is_counted_once_per_change()
    {
        var calls = 0;
        var hook = LoopbackApp.Slim();
        hook.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        await using var webhook = await LoopbackApp.StartAsync(hook);
        await using var server = await RunningMonitor.ReferenceServerAsync();
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], s => s with { Webhook = new Uri(webhook.Url, "hook") }));

        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_webhook_failures" && s.Value >= 2), TimeSpan.FromSeconds(20), "two failures counted");
        await monitor.StopAsync(); // no more changes, and the posts in flight or queued are made

        Volatile.Read(ref calls).Should().Be(monitor.Log.Count, "one POST per change, no retry");
    }

    /// <summary>A webhook that never answers: its post is given up after <see cref="ChangeNotifier.PostTimeout"/> on
    /// the monitor's clock, so a fake clock moved past it ends the post at once (on the system clock it took 5 s).</summary>
    [Test]
    public async Task A_webhook_that_never_answers_is_given_up_after_the_post_time_out_on_the_monitors_clock()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hook = LoopbackApp.Slim();
        hook.MapPost("/hook", async (HttpContext context) =>
        {
            asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var webhook = await LoopbackApp.StartAsync(hook);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var metrics = new MonitorMetrics(new MonitorState([], []), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        await using var notifier = new ChangeNotifier(TextWriter.Null, new Uri(webhook.Url, "hook"), metrics, time);

        notifier.Publish([new ChangeEvent(DateTimeOffset.UnixEpoch, ChangeEvent.TargetKind, "http://ece1.example", null, null, null, null, "unknown", "up", null)]);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(ChangeNotifier.PostTimeout);

        var clock = Stopwatch.StartNew();
        while (await FailuresAsync(metrics) == 0 && clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(20);
        }
        (await FailuresAsync(metrics)).Should().Be(1, "the post is given up when the monitor's clock passes its time-out, not seconds later");
    }

    private static async Task<double> FailuresAsync(MonitorMetrics metrics)
    {
        using var output = new MemoryStream();
        await metrics.ExportAsync(output, CancellationToken.None);
        return Exposition.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())).Where(s => s.Name == "ece_webhook_failures").Sum(s => s.Value);
    }
}
