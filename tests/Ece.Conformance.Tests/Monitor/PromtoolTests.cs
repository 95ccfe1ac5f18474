namespace Ece.Conformance.Tests.Monitor;

/// <summary>Debian's promtool judges what the monitor serves and ships: the exposition (check metrics), the alerting
/// rules (check rules) and their unit tests (test rules). Each check also gets a broken input, which must fail it.</summary>
[CancelAfter(120_000)]
public class PromtoolTests
{
    private static readonly string Promtool = "/usr/bin/promtool";

    private static Task<(int Exit, string Output)> RunAsync(params string[] args) => Processes.RunAsync(Promtool, args, TimeSpan.FromSeconds(60));

    private static async Task<(int Exit, string Output)> CheckMetricsAsync(string exposition)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ece-exposition-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, exposition);
        try
        {
            return await Processes.RunAsync("/bin/sh", ["-c", $"{Promtool} check metrics < '{file}'"], TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task The_exposition_passes_promtool_check_metrics()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync("service-down");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], s => s with { Checks = s.Checks with { LatencyBudget = TimeSpan.FromMilliseconds(1) } }));
        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_answers_over_budget"), TimeSpan.FromSeconds(20), "a cycle with every kind of series");

        var text = await monitor.Http.GetStringAsync("/metrics");
        var (exit, output) = await CheckMetricsAsync(text);

        exit.Should().Be(0, output);
        // The registry's families and the state's are written one after the other: a name in both would be one
        // family split in two, which Prometheus refuses.
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task A_probe_passes_promtool_check_metrics()
    {
        await using var server = await RunningMonitor.ReferenceServerAsync("queue-full");
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([server.Url], s => s with { Interval = TimeSpan.FromMinutes(10) }));

        var (exit, output) = await CheckMetricsAsync(await monitor.Http.GetStringAsync($"/probe?target={Uri.EscapeDataString(server.Url.ToString())}"));

        exit.Should().Be(0, output);
    }

    [Test]
    public async Task A_broken_exposition_fails_promtool_check_metrics()
    {
        var (exit, _) = await CheckMetricsAsync("# TYPE ece_x gauge\nece_x{a=\"b\"c\"} 1\n");

        exit.Should().NotBe(0);
    }

    [Test]
    public async Task The_alerting_rules_pass_promtool_check_rules_and_a_broken_rule_fails()
    {
        var (exit, output) = await RunAsync("check", "rules", RepositoryFiles.Path("monitor", "alerts.yml"));
        exit.Should().Be(0, output);

        var broken = Path.Combine(Directory.CreateTempSubdirectory("ece-alerts").FullName, "alerts.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(RepositoryFiles.Path("monitor", "alerts.yml"))).Replace("== 1", "== ) 1", StringComparison.Ordinal));
        (await RunAsync("check", "rules", broken)).Exit.Should().NotBe(0);
    }

    [Test]
    public async Task Every_alert_fires_as_its_unit_test_says_and_a_wrong_expectation_fails()
    {
        var (exit, output) = await RunAsync("test", "rules", RepositoryFiles.Path("monitor", "alerts.test.yml"));
        exit.Should().Be(0, output);

        var dir = Directory.CreateTempSubdirectory("ece-alerts").FullName;
        File.Copy(RepositoryFiles.Path("monitor", "alerts.yml"), Path.Combine(dir, "alerts.yml"));
        // The button alert expected after 9 minutes instead of 11: it must not fire before its 10 minutes.
        var original = await File.ReadAllTextAsync(RepositoryFiles.Path("monitor", "alerts.test.yml"));
        var tests = original.Replace("- eval_time: 11m\n        alertname: EceChatButtonHiddenUnexpectedly", "- eval_time: 9m\n        alertname: EceChatButtonHiddenUnexpectedly", StringComparison.Ordinal);
        tests.Should().NotBe(original);
        await File.WriteAllTextAsync(Path.Combine(dir, "alerts.test.yml"), tests);
        (await RunAsync("test", "rules", Path.Combine(dir, "alerts.test.yml"))).Exit.Should().NotBe(0);
    }

    [Test]
    public async Task The_scrape_configuration_passes_promtool_check_config()
    {
        var (exit, output) = await RunAsync("check", "config", RepositoryFiles.Path("monitor", "prometheus.yml"));

        exit.Should().Be(0, output);
    }
}
