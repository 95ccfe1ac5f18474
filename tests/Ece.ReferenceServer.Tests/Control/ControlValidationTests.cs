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
}
