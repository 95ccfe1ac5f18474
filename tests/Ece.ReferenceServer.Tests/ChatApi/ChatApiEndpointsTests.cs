using Ece.ReferenceServer.Scenarios;
using Ece.Spec;
using Flurl.Http;

namespace Ece.ReferenceServer.Tests.ChatApi;

public class ChatApiEndpointsTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    private static IEnumerable<string> Scenarios => ScenarioCatalog.Names;

    // Expected answers for entry point 1000, worked out by hand from each scenario file.
    // available | count | waitTime | queueDepth | responseType | allowed | reason
    private static readonly Dictionary<string, string?[]> Expected = new()
    {
        ["default"] = ["true", "4", "3.0", "1", "0", "true", null],
        ["no-agents"] = ["false", "0", "0.0", "0", "1", "false", "agent_not_available"],
        ["queue-full"] = ["true", "0", "420.0", "5", "2", "false", "queue_depth_reached"],
        ["inactive-entry-point"] = ["true", "3", "0.0", "0", "0", "false", "entry_point_inactive"],
        ["service-down"] = ["true", "2", "30.0", "2", "1", "false", "service_not_running"],
        ["agents-not-required"] = ["true", "0", "95.5", "3", "0", "true", null],
        ["outside-business-hours"] = ["true", "3", "0.0", "0", "0", "false", "other"],
    };

    [TestCaseSource(nameof(Scenarios))]
    public async Task Every_operation_answers_a_schema_valid_document_in_every_scenario(string scenario)
    {
        using var server = new TestServer(scenario);
        foreach (var (id, answer) in await server.AnswersFor(Spec.ExampleEntryPoint))
        {
            if (scenario == "data-unavailable")
            {
                answer.Status.Should().Be(500, id);
                continue;
            }
            answer.Status.Should().Be(200, id);
            answer.MediaType.Should().Be("application/xml", id);
            SchemaValidation.Errors(answer.Document!, Spec.Schemas).Should().BeEmpty(id);
            answer.Document!.Root!.Name.Should().Be(answer.Operation.Response!.Root, id);
            answer.Body.Should().StartWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>", id);
        }
    }

    [TestCaseSource(nameof(Expected))]
    public async Task Entry_point_1000_answers_what_its_scenario_implies(KeyValuePair<string, string?[]> expected)
    {
        using var server = new TestServer(expected.Key);
        var a = await server.AnswersFor(Spec.ExampleEntryPoint);

        string?[] actual = [a["agentAvailability"]["available"], a["capacity"]["count"], a["liveSessionStatus"]["waitTime"],
            a["liveSessionStatus"]["queueDepth"], a["checkEligibility"]["responseType"], a["chatAllowed"]["allowed"], a["chatAllowed"]["reason"]];

        actual.Should().Equal(expected.Value);
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task The_answers_of_the_operations_agree_with_each_other(string scenario)
    {
        using var server = new TestServer(scenario);
        foreach (var id in new object[] { Spec.ExampleEntryPoint, 1001, 424242 })
        {
            var a = await server.AnswersFor(id);
            if (a.Values.Any(x => x.Status != 200))
            {
                a.Values.Should().OnlyContain(x => x.Status == 500, "data that cannot be retrieved fails every operation");
                continue;
            }
            var available = a["agentAvailability"]["available"] == "true";
            var eligible = a["checkEligibility"]["responseType"] == "0";
            var allowed = a["chatAllowed"]["allowed"] == "true";
            var reason = a["chatAllowed"]["reason"];
            (allowed ? eligible : true).Should().BeTrue($"{scenario}/{id}: allowed implies eligible");
            (available ? true : !eligible && !allowed).Should().BeTrue($"{scenario}/{id}: unavailable implies ineligible and refused");
            (int.Parse(a["capacity"]["count"]!) > 0 ? available : true).Should().BeTrue($"{scenario}/{id}: capacity implies availability");
            (allowed == (reason is null)).Should().BeTrue($"{scenario}/{id}: a refusal has a reason, an allowed chat none");
            (reason is "agent_not_available" or "queue_depth_reached" ? !eligible : true).Should().BeTrue($"{scenario}/{id}: refusal matches eligibility");
        }
    }

    [Test]
    public async Task Every_reason_and_every_response_type_is_reachable_through_the_scenarios()
    {
        var reasons = new HashSet<string>();
        var responseTypes = new HashSet<string>();
        foreach (var scenario in Scenarios.Where(s => s != "data-unavailable"))
        {
            using var server = new TestServer(scenario);
            foreach (var id in new object[] { Spec.ExampleEntryPoint, 999_999 })
            {
                var a = await server.AnswersFor(id);
                responseTypes.Add(a["checkEligibility"]["responseType"]!);
                if (a["chatAllowed"]["reason"] is { } reason)
                {
                    reasons.Add(reason);
                }
            }
        }

        reasons.Should().BeEquivalentTo(Spec.Operation("chatAllowed").Response!.Field("reason").Members.Select(m => m.Value));
        responseTypes.Should().BeEquivalentTo(Spec.Operation("checkEligibility").Response!.Field("responseType").Members.Select(m => m.Value));
    }

    [Test]
    public async Task An_unknown_entry_point_is_invalid_for_chat_allowed_and_unavailable_everywhere()
    {
        using var server = new TestServer();
        var a = await server.AnswersFor(123_456_789);

        a["chatAllowed"]["allowed"].Should().Be("false");
        a["chatAllowed"]["reason"].Should().Be("invalid_entry_point");
        a["agentAvailability"]["available"].Should().Be("false");
        a["checkEligibility"]["responseType"].Should().NotBe("0");
        a["capacity"]["count"].Should().Be("0");
    }

    [Test]
    public async Task Data_that_cannot_be_retrieved_is_a_500_with_the_source_text()
    {
        using var server = new TestServer("data-unavailable");
        var op = Spec.Operation("capacity");

        var response = await server.Get(op, Spec.ExampleEntryPoint);

        response.StatusCode.Should().Be(500);
        (await response.GetStringAsync()).Should().Contain("Unable to retrieve the agent capacity information.");
    }

    [Test]
    public async Task The_api_is_served_under_every_configured_base_path()
    {
        using var server = new TestServer("default", ("base-path", string.Join(",", Spec.ObservedBasePaths)));
        foreach (var basePath in Spec.ObservedBasePaths)
        {
            var response = await server.Client.Request(TestServer.PathOf(Spec.Operation("chatAllowed"), 1000, basePath)).GetAsync();
            response.StatusCode.Should().Be(200, basePath);
        }
    }
}
