using Ece.Conformance.Monitor;
using Ece.Spec;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>A target's text never breaks the exposition: answers full of quotes, backslashes and line breaks are
/// read back by a strict parser, and no label takes a value the target chose.</summary>
[CancelAfter(60_000)]
public class ExpositionTests
{
    private const string Hostile = "\"} evil_metric{x=\"1\\\n\\\\\"\n# TYPE evil gauge\n";

    [Test]
    public async Task Hostile_text_in_the_answers_cannot_break_the_exposition()
    {
        var escaped = System.Security.SecurityElement.Escape(Hostile);
        // A reason that is no reason, and text wherever the answers carry any.
        await using var target = await FakeTarget.StartAsync(Mutate.Answer(null, null, r => r with
        {
            Body = r.Body.Replace("allowed=\"true\"", $"allowed=\"false\" reason=\"{escaped}\"", StringComparison.Ordinal)
                .Replace("?>", $"?><!-- {escaped} -->", StringComparison.Ordinal),
        }));
        await using var monitor = await RunningMonitor.StartAsync(RunningMonitor.SettingsFor([target.Url]));

        await monitor.WaitForAsync(m => m.Any(s => s.Name == "ece_chat_button_state" && s["state"] == "hidden" && s.Value == 1), TimeSpan.FromSeconds(20), "hidden");
        var text = await monitor.Http.GetStringAsync("/metrics");

        var samples = Exposition.Parse(text);
        samples.Should().NotContain(s => s.Name.StartsWith("evil", StringComparison.Ordinal));
        samples.Where(s => s.Name == "ece_chat_button_hidden_reason" && s.Value == 1).Select(s => s["reason"])
            .Should().Equal(new[] { EceSpec.Default.ChatButton.States.Refused }, "a reason outside the spec is 'refused without a documented reason', never the target's text");
        samples.SelectMany(s => s.Labels.Values).Should().NotContain(v => v.Contains("evil", StringComparison.Ordinal));
        monitor.Log.Should().OnlyContain(l => !l.Contains('\n', StringComparison.Ordinal));
        (await monitor.Http.GetStringAsync("/")).Should().NotContain("<!--").And.NotContain("evil_metric{x=\"");
    }

    [TestCase("ece_x{a=\"b\"} 1\n", true)]
    [TestCase("ece_x{a=\"b\\\"c\\\\d\\ne\"} 1\n", true)]
    [TestCase("ece_x{a=\"b\"c\"} 1\n", false)]
    [TestCase("ece_x{a=\"b\nc\"} 1\n", false)]
    [TestCase("ece_x{a=\"b\\q\"} 1\n", false)]
    [TestCase("ece_x{a=\"b\"} one\n", false)]
    public void The_parser_refuses_what_the_format_does_not_allow(string text, bool legal)
    {
        var parse = () => Exposition.Parse(text);

        if (legal)
        {
            parse.Should().NotThrow();
        }
        else
        {
            parse.Should().Throw<FormatException>();
        }
    }

    [Test]
    public void Long_label_values_are_cut()
    {
        MonitorMetrics.LabelValue(new string('a', 500)).Length.Should().Be(MonitorMetrics.MaxLabel + 1);
        MonitorMetrics.LabelValue("http://ece.example.com").Should().Be("http://ece.example.com");
    }

    [TestCase("https://user:secret@ece.example.com:8443/", "https://ece.example.com:8443")]
    [TestCase("https://ece.example.com/", "https://ece.example.com")]
    [TestCase("http://127.0.0.1:8080/", "http://127.0.0.1:8080")]
    public void A_target_is_shown_without_user_information(string target, string shown)
    {
        MonitorMetrics.TargetLabel(new Uri(target)).Should().Be(shown);
    }
}
