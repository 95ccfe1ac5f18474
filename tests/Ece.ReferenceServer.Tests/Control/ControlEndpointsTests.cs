using System.Diagnostics;
using Ece.Spec;
using Flurl.Http;

namespace Ece.ReferenceServer.Tests.Control;

public class ControlEndpointsTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    [Test]
    public async Task Changing_the_state_changes_every_answer_consistently()
    {
        using var server = new TestServer();

        (await server.Client.Request("/control/agents/alice").PatchJsonAsync(new { available = false })).StatusCode.Should().Be(200);
        (await server.Client.Request("/control/agents/bob").PatchJsonAsync(new { available = false })).StatusCode.Should().Be(200);
        var a = await server.AnswersFor(1000);

        a["agentAvailability"]["available"].Should().Be("false");
        a["capacity"]["count"].Should().Be("0");
        a["chatAllowed"]["reason"].Should().Be("agent_not_available");
    }

    [Test]
    public async Task A_queue_change_shows_in_live_session_status_and_eligibility()
    {
        using var server = new TestServer();

        await server.Client.Request("/control/queues/sales").PatchJsonAsync(new { chatsWaiting = 10, waitTime = 61.5 });
        var a = await server.AnswersFor(1000);

        a["liveSessionStatus"]["queueDepth"].Should().Be("10");
        a["liveSessionStatus"]["waitTime"].Should().Be("61.5");
        a["checkEligibility"]["responseType"].Should().Be("2");
    }

    [Test]
    public async Task Loading_a_named_scenario_replaces_the_state()
    {
        using var server = new TestServer();

        (await server.Client.Request("/control/scenarios/service-down").PostAsync()).StatusCode.Should().Be(200);

        (await server.AnswersFor(1000))["chatAllowed"]["reason"].Should().Be("service_not_running");
    }

    [TestCase("/control/queues/sales", "{\"chatsWaiting\": -3}", 400)]
    [TestCase("/control/agents/alice", "{\"maxLoad\": -1}", 400)]
    [TestCase("/control/entry-points/1000", "{\"queue\": \"nowhere\"}", 400)]
    [TestCase("/control/entry-points/1000", "{\"activ\": false}", 400)]
    [TestCase("/control/entry-points/1000", "{\"active\": ", 400)]
    [TestCase("/control/entry-points/1000", "{\"active\": \"no\"}", 400)]
    [TestCase("/control/entry-points/4242", "{\"active\": false}", 404)]
    [TestCase("/control/queues/nowhere", "{\"maxDepth\": 1}", 404)]
    [TestCase("/control/agents/nobody", "{\"available\": false}", 404)]
    [TestCase("/control/service", "[]", 400)]
    public async Task A_malformed_change_is_refused_and_leaves_the_state_as_it_was(string path, string json, int status)
    {
        using var server = new TestServer();
        var before = await server.Client.Request("/control/state").GetStringAsync();

        var response = await server.Client.Request(path).WithHeader("Content-Type", "application/json").PatchAsync(new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(status);
        (await server.Client.Request("/control/state").GetStringAsync()).Should().Be(before);
        (await server.AnswersFor(1000))["chatAllowed"]["allowed"].Should().Be("true");
        var problem = await response.GetStringAsync();
        problem.Should().Contain("\"detail\"", "every refusal says why").And.NotContain("Ece.ReferenceServer", "in the user's words, not the server's type names");
    }

    [Test]
    public async Task A_body_without_a_json_content_type_is_a_problem_that_says_what_to_send()
    {
        using var server = new TestServer();

        var response = await server.Client.Request("/control/service").AllowAnyHttpStatus().PatchAsync(new StringContent("{\"running\": false}", System.Text.Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(415);
        response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.GetStringAsync()).Should().Contain("Content-Type: application/json");
    }

    [Test]
    public async Task A_whole_state_put_with_problems_is_refused_with_each_problem_named()
    {
        using var server = new TestServer();

        var response = await server.Client.Request("/control/state").PutStringAsync(
            "{\"entryPoints\":[{\"id\":7,\"name\":\"x\",\"queue\":\"q\"},{\"id\":7,\"name\":\"y\",\"queue\":\"q\"}],\"queues\":[]}");

        response.StatusCode.Should().Be(400);
        (await response.GetStringAsync()).Should().Contain("entry point 7 is defined 2 times").And.Contain("uses queue q, which is not defined");
    }

    [Test]
    public async Task A_whole_state_past_a_megabyte_is_refused_as_too_large_and_changes_nothing()
    {
        using var server = new TestServer();
        var before = await server.Client.Request("/control/state").GetStringAsync();

        var response = await server.Client.Request("/control/state").PutStringAsync("{\"description\":\"" + new string('x', 1024 * 1024) + "\"}");

        response.StatusCode.Should().Be(413);
        (await server.Client.Request("/control/state").GetStringAsync()).Should().Be(before);
    }

    [Test]
    public async Task A_status_fault_answers_that_status_for_the_given_number_of_requests_then_clears()
    {
        using var server = new TestServer();
        var op = Spec.Operation("chatAllowed");

        (await server.Client.Request($"/control/faults/{op.Id}").PutJsonAsync(new { status = 503, times = 2 })).StatusCode.Should().Be(200);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await server.Get(op, 1000)).StatusCode);
        }
        statuses.Should().Equal(503, 503, 200);
        (await server.Get(Spec.Operation("capacity"), 1000)).StatusCode.Should().Be(200, "a fault applies to its operation only");
    }

    [Test]
    public async Task A_malformed_body_fault_answers_200_with_xml_that_does_not_parse()
    {
        using var server = new TestServer();
        var op = Spec.Operation("agentAvailability");
        await server.Client.Request($"/control/faults/{op.Id}").PutJsonAsync(new { malformedBody = true });

        var response = await server.Get(op, 1000);

        response.StatusCode.Should().Be(200);
        var parse = async () => SafeXml.Parse(await response.GetStringAsync());
        await parse.Should().ThrowAsync<System.Xml.XmlException>();
    }

    [Test]
    public async Task A_delay_fault_delays_the_answer()
    {
        using var server = new TestServer();
        var op = Spec.Operation("liveSessionStatus");
        await server.Client.Request($"/control/faults/{op.Id}").PutJsonAsync(new { delayMs = 400, times = 1 });

        var clock = Stopwatch.StartNew();
        var response = await server.Get(op, 1000);

        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(380);
        response.StatusCode.Should().Be(200);
    }

    [TestCase("nosuchOperation", "{\"status\": 500}", 404)]
    [TestCase("chatAllowed", "{\"status\": 42}", 400)]
    [TestCase("chatAllowed", "{\"delayMs\": -5}", 400)]
    [TestCase("chatAllowed", "{\"times\": 0}", 400)]
    [TestCase("chatAllowed", "{\"status\": 500, \"malformedBody\": true}", 400)]
    public async Task A_bad_fault_is_refused_and_nothing_is_injected(string operation, string json, int status)
    {
        using var server = new TestServer();

        var response = await server.Client.Request($"/control/faults/{operation}").PutAsync(new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(status);
        (await server.Client.Request("/control/faults").GetStringAsync()).Should().Be("{}");
    }

    [Test]
    public async Task The_control_api_is_off_unless_enabled()
    {
        using var server = new TestServer("default", ("control", "false"));

        (await server.Client.Request("/control/state").GetAsync()).StatusCode.Should().Be(404);
    }
}
