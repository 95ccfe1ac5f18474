using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>Debian's Prometheus, run on loopback with the shipped monitor/prometheus.yml (its target pointed at the
/// monitor's port), scrapes a monitor watching the reference server; the button's state is read back through
/// Prometheus' HTTP API, as a dashboard or an alert would read it.</summary>
[CancelAfter(120_000)]
public class PrometheusScrapeTests
{
    [Test]
    public async Task Prometheus_scrapes_the_button_state_with_the_shipped_configuration()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync("queue-full");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url]));
        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_target_up"), TimeSpan.FromSeconds(20), "a first cycle");

        var dir = Directory.CreateTempSubdirectory("ece-prometheus").FullName;
        var config = (await File.ReadAllTextAsync(RepositoryFiles.Path("monitor", "prometheus.yml")))
            .Replace("127.0.0.1:9464", monitor.Url.Authority, StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal);
        config.Should().Contain(monitor.Url.Authority);
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), config);
        File.Copy(RepositoryFiles.Path("monitor", "alerts.yml"), Path.Combine(dir, "alerts.yml"));
        // Port 0: Prometheus binds a free port itself and logs which, so nothing can take it in between.
        using var prometheus = Process.Start(new ProcessStartInfo("/usr/bin/prometheus",
            [$"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", "--web.listen-address=127.0.0.1:0"])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var log = new System.Text.StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        prometheus.ErrorDataReceived += (_, e) =>
        {
            lock (log) { log.AppendLine(e.Data); }
            // ... msg="Listening on" address=127.0.0.1:43117 (the line before it says the configured :0)
            if (e.Data is { } line && Regex.Match(line, "msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)") is { Success: true } bound)
            {
                listening.TrySetResult(int.Parse(bound.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        string Log() { lock (log) { return log.ToString(); } }
        try
        {
            if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(30))) != listening.Task)
            {
                Assert.Fail($"Prometheus did not say where it listens:\n{Log()}");
            }
            var port = await listening.Task;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var query = "/api/v1/query?query=" + Uri.EscapeDataString("ece_chat_button_state{state=\"hidden\"} == 1");
            var clock = Stopwatch.StartNew();
            JsonElement result = default;
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var answer = JsonDocument.Parse(await http.GetStringAsync(query));
                    result = answer.RootElement.GetProperty("data").GetProperty("result").Clone();
                    if (result.GetArrayLength() > 0)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
                await Task.Delay(250);
            }
            result.ValueKind.Should().Be(JsonValueKind.Array, Log());
            result.GetArrayLength().Should().Be(1, Log());
            var metric = result[0].GetProperty("metric");
            metric.GetProperty("target").GetString().Should().Be(server.Url.ToString().TrimEnd('/'));
            metric.GetProperty("job").GetString().Should().Be("ece-monitor");
            result[0].GetProperty("value")[1].GetString().Should().Be("1");
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
