using Ece.ReferenceServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
}
