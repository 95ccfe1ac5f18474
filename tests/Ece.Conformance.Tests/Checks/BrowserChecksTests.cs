using Ece.Spec;

namespace Ece.Conformance.Tests.Checks;

/// <summary>--browser: the sample chat button in Chromium against the target (needs /usr/bin/chromium; run-tests.sh installs it).</summary>
public class BrowserChecksTests
{
    [TestCase("default", "allowed, button shown")]
    [TestCase("queue-full", "refused (queue_depth_reached), button hidden")]
    public async Task The_button_in_chromium_matches_the_answer_and_its_screenshot_is_in_the_html_report(string scenario, string shows)
    {
        var run = await Runner.RunAsync(null, o => o with { Scenario = scenario, Browser = true });

        var finding = run.Result.Findings.Single(f => f.Rule.Id == "ECE-BR-001");
        finding.Outcome.Should().Be(Ece.Conformance.Checks.Outcome.Passed, finding.Message);
        finding.Message.Should().Contain(shows);
        File.ReadAllText(Path.Combine(run.ReportDirectory, "report.html")).Should().Contain("data:image/png;base64,");
    }

    [Test]
    public async Task A_target_that_serves_browsers_otherwise_than_the_runner_fails_the_browser_rule()
    {
        // A firewall that refuses requests carrying a browser's fetch metadata.
        await using var target = await FakeTarget.StartAsync(call => Task.FromResult<Reply?>(
            call.Context.Request.Headers.ContainsKey("Sec-Fetch-Mode") ? new Reply(403, "text/html", "<h1>Forbidden</h1>") : null));

        var run = await Runner.RunAsync(target.Url, o => o with { Browser = true });

        run.Failed(RuleLevel.Should).Should().Equal("ECE-BR-001");
        run.Result.Findings.Single(f => f.Rule.Id == "ECE-BR-001").Actual.Should().StartWith("error");
        run.Verdict.ExitCode.Should().Be(0, "a SHOULD rule only warns");
    }

    [Test]
    public async Task Without_browser_the_rule_is_skipped_and_says_how_to_run_it()
    {
        var run = await Runner.RunAsync((Uri?)null);

        var finding = run.Result.Findings.Single(f => f.Rule.Id == "ECE-BR-001");
        finding.Outcome.Should().Be(Ece.Conformance.Checks.Outcome.Skipped);
        finding.Message.Should().Contain("--browser");
    }
}
