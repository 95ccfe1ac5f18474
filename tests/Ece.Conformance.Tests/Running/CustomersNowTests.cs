using System.Text.Json.Nodes;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Tests.Running;

/// <summary>Conformance is not availability: every output says, beside the verdict, whether customers can chat now
/// at each entry point, and why not.</summary>
public class CustomersNowTests
{
    private static Observation Seen(string operation, params (string Name, string Value)[] values) =>
        new(operation, "1000", 200, "application/xml", values.ToDictionary(v => v.Name, v => v.Value));

    [Test]
    public void A_refusal_says_why_in_the_words_a_chat_button_uses()
    {
        var now = CustomersNow.PerEntryPoint(EceSpec.Default, ["1000"], [Seen("chatAllowed", ("allowed", "false"), ("reason", "queue_depth_reached")), Seen("capacity", ("count", "0"))]).Single();

        now.ChatCanStart.Should().BeFalse();
        now.Reason.Should().Be("queue_depth_reached");
        now.Says.Should().StartWith("no chat can start (chatAllowed allowed=false, reason=queue_depth_reached").And.Contain("capacity count=0");
    }

    [Test]
    public void An_answer_that_cannot_be_read_is_not_known_rather_than_a_chat_that_can_start()
    {
        var now = CustomersNow.PerEntryPoint(EceSpec.Default, ["1000"], [new Observation("chatAllowed", "1000", 500, "text/plain", new Dictionary<string, string>())]).Single();

        now.ChatCanStart.Should().BeNull();
        now.Says.Should().StartWith("not known (chatAllowed answered 500 text/plain)");
        CustomersNow.PerEntryPoint(EceSpec.Default, ["1000"], [Seen("chatAllowed", ("allowed", "true"))]).Single().Says.Should().Be("a chat can start");
    }

    [TestCase("service-down", "service_not_running")]
    [TestCase("queue-full", "queue_depth_reached")]
    public async Task A_conformant_ece_that_refuses_chats_says_so_in_every_output(string scenario, string reason)
    {
        var run = await Runner.RunAsync(null, o => o with { Scenario = scenario });

        run.Verdict.ExitCode.Should().Be(0, "conformance is not availability");
        run.Console.Should().Contain("What customers see now").And.Contain("entry point 1000: no chat can start").And.Contain(reason);
        File.ReadAllText(Path.Combine(run.ReportDirectory, "report.md")).Should().Contain("entry point 1000: no chat can start").And.Contain(reason);
        File.ReadAllText(Path.Combine(run.ReportDirectory, "report.html")).Should().Contain("Customers now, entry point 1000").And.Contain(reason);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(run.ReportDirectory, "report.json")))!["now"]![0]!;
        json["chatCanStart"]!.GetValue<bool>().Should().BeFalse();
        json["reason"]!.GetValue<string>().Should().Be(reason);
    }

    [Test]
    public async Task Compare_says_how_what_customers_see_changed()
    {
        var before = await Runner.RunAsync((Uri?)null);
        var after = await Runner.RunAsync(null, o => o with { Scenario = "service-down" });

        var text = ComparisonReport.Text(Comparison.Between(JsonReport.Read(Path.Combine(before.ReportDirectory, "report.json")), JsonReport.Read(Path.Combine(after.ReportDirectory, "report.json"))));

        text.Should().Contain("What customers see now").And.Contain("entry point 1000: a chat can start → no chat can start (service_not_running)");
    }
}
