using System.Net.Http.Headers;
using System.Text;
using Ece.ReferenceServer.Survey;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ece.ReferenceServer.Tests.Control;

/// <summary>The control API takes only what it can apply: a bad or empty change is a 400 problem that changes nothing,
/// and every state it accepts gives valid answers.</summary>
public class ControlValidationTests
{
    [TestCase("/control/service", "{}")]
    [TestCase("/control/agents/alice", "{}")]
    [TestCase("/control/queues/sales", "{}")]
    [TestCase("/control/entry-points/1000", "{}")]
    [TestCase("/control/entry-points/4242", "{}")]
    [TestCase("/control/agents/alice", "{\"maxLoad\":\"5\"}")]
    [TestCase("/control/queues/sales", "{\"chatsWaiting\":\"2\"}")]
    [TestCase("/control/service", "{\"running\":\"false\"}")]
    [TestCase("/control/agents/alice", "{\"currentLoad\":99}")]
    public async Task A_bad_or_empty_change_is_a_400_problem_and_changes_nothing(string path, string json)
    {
        using var server = new TestServer();
        var before = await server.Client.Request("/control/state").GetStringAsync();

        var response = await server.Client.Request(path).PatchAsync(Json(json));

        response.StatusCode.Should().Be(400);
        response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.GetStringAsync()).Should().Contain("\"detail\":", "the problem says what was wrong");
        (await server.Client.Request("/control/state").GetStringAsync()).Should().Be(before);
    }

    [Test]
    public async Task Loads_past_the_32_bit_range_give_the_exact_capacity()
    {
        using var server = new TestServer();
        await server.Client.Request("/control/agents/alice").PatchJsonAsync(new { maxLoad = int.MaxValue, currentLoad = 0 });
        await server.Client.Request("/control/agents/bob").PatchJsonAsync(new { maxLoad = int.MaxValue, currentLoad = 0, available = true });

        var capacity = await server.Answer(TestServer.Spec.Operation("capacity"), 1000);

        capacity.Status.Should().Be(200);
        long.Parse(capacity["count"]!).Should().BeGreaterThan(int.MaxValue);
    }

    [Test]
    public void The_store_refuses_past_its_byte_budget_and_drops_nothing()
    {
        var store = new SurveyStore(capacity: 10_000, maxBytes: 4 * 1024 * 1024);
        var answer = new string('x', 32 * 1024);
        var stored = 0;

        for (var i = 0; i < 2_000; i++)
        {
            if (store.TryAdd(n => new StoredSurvey(n, DateTimeOffset.UnixEpoch, "application/xml", "", new Dictionary<string, string> { ["sid"] = "1" },
                    [new Dictionary<string, string> { ["question"] = "q", ["answer"] = answer }])) is not null)
            {
                stored++;
            }
        }

        store.Bytes.Should().BeLessThanOrEqualTo(store.MaxBytes);
        stored.Should().BeGreaterThan(0).And.BeLessThan(2_000);
        store.Count.Should().Be(stored, "every survey answered 204 is kept");
        store.Clear().Should().Be(stored);
        store.Bytes.Should().Be(0);
    }

    [Test]
    public async Task A_full_store_answers_507_and_the_listing_is_paged()
    {
        using var server = new TestServer("default", ("max-survey-bytes", "200000"));
        var body = $"<egainSurvey sid=\"1\"><survey><question>q</question><answer>{new string('x', 30_000)}</answer></survey></egainSurvey>";
        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/xml");
            statuses.Add((await server.Client.Request(TestServer.PathOf(TestServer.Spec.Operation("survey"))).PostAsync(content)).StatusCode);
        }

        statuses.Should().Contain(204).And.Contain(507);
        var accepted = statuses.Count(s => s == 204);
        server.Services.GetRequiredService<SurveyStore>().Count.Should().Be(accepted);
        var page = await server.Client.Request("/control/surveys").SetQueryParams(new { offset = 1, limit = 1 }).GetAsync();
        page.Headers.FirstOrDefault("X-Total-Count").Should().Be(accepted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.GetStringAsync()).Should().Contain("\"number\":2");
        (await server.Client.Request("/control/surveys").SetQueryParam("limit", 100_000).GetAsync()).StatusCode.Should().Be(400);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [TestCase("{\"agents\":[null]}")]
    [TestCase("{\"queues\":[null]}")]
    [TestCase("{\"entryPoints\":[null]}")]
    public async Task A_state_with_an_empty_entry_is_a_400_not_a_500(string json)
    {
        using var server = new TestServer();

        var response = await server.Client.Request("/control/state").PutAsync(Json(json));

        response.StatusCode.Should().Be(400);
    }

    [TestCase(204)]
    [TestCase(101)]
    [TestCase(304)]
    public async Task A_fault_status_that_carries_no_body_is_refused(int status)
    {
        using var server = new TestServer();

        var response = await server.Client.Request("/control/faults/capacity").PutAsync(Json($"{{\"status\":{status}}}"));

        response.StatusCode.Should().Be(400);
    }

    [Test]
    public async Task A_fault_on_the_survey_applies_to_the_survey()
    {
        using var server = new TestServer();
        await server.Client.Request("/control/faults/survey").PutAsync(Json("{\"status\":503,\"times\":1}"));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestServer.Spec.Examples.Single(e => e.File == "survey.xml").Text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/xml; charset=utf-7");

        var faulted = await server.Client.Request(TestServer.PathOf(TestServer.Spec.Operation("survey"))).PostAsync(content);
        var unsupported = await server.Client.Request(TestServer.PathOf(TestServer.Spec.Operation("survey"))).PostAsync(content);

        faulted.StatusCode.Should().Be(503);
        unsupported.StatusCode.Should().BeLessThan(500, "a charset .NET does not support is the client's problem, not a crash");
    }

    [TestCase("application/json; charset=utf-8", "application/json")]
    [TestCase("application/xml;charset=UTF-8", "application/xml")]
    [TestCase("text/xml", "application/xml")]
    public async Task An_accept_header_with_parameters_or_text_xml_is_served(string accept, string served)
    {
        using var server = new TestServer();

        var response = await server.Get(TestServer.Spec.Operation("capacity"), 1000, accept);

        response.StatusCode.Should().Be(200);
        response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be(served);
    }
}
