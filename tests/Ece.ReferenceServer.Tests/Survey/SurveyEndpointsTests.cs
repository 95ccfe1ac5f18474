using System.Net.Http.Headers;
using System.Text;
using Ece.ReferenceServer.Survey;
using Ece.Spec;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ece.ReferenceServer.Tests.Survey;

public class SurveyEndpointsTests
{
    private static readonly EceSpec Spec = EceSpec.Default;
    private static readonly Operation Survey = Spec.Operations.Single(o => o.Method == HttpMethod.Post);

    private static IEnumerable<TestCaseData> AcceptedForms() =>
        from example in Spec.Examples.Where(e => e.File.StartsWith("survey", StringComparison.Ordinal))
        from contentType in new[] { "application/xml", "text/xml", "text/xml; charset=utf-8", "application/xml;charset=UTF-8" }
        select new TestCaseData(example.File, contentType);

    [TestCaseSource(nameof(AcceptedForms))]
    public async Task The_source_survey_and_the_namespaced_one_are_accepted_with_204_and_stored(string example, string contentType)
    {
        using var server = new TestServer();

        var response = await Post(server, Spec.Examples.Single(e => e.File == example).Text, contentType);

        response.StatusCode.Should().Be(Survey.SuccessStatus);
        var stored = server.Services.GetRequiredService<SurveyStore>().All.Should().ContainSingle().Subject;
        stored.Attributes.Should().Equal(new Dictionary<string, string> { ["sid"] = "1000" });
        stored.Items[0].Should().Equal(new Dictionary<string, string> { ["question"] = "Question 1", ["answer"] = "Answer 1" });
        stored.Namespace.Should().Be(example.Contains("namespaced", StringComparison.Ordinal) ? Spec.ChatNamespace.NamespaceName : "");
    }

    [Test]
    public async Task A_survey_is_stored_with_the_time_of_the_servers_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        using var server = new TestServer(time);

        await Post(server, Spec.Examples.Single(e => e.File == "survey.xml").Text, "application/xml");

        server.Services.GetRequiredService<SurveyStore>().All.Single().ReceivedAt.Should().Be(time.GetUtcNow());
    }

    [Test]
    public async Task A_refused_survey_is_a_problem_that_says_why()
    {
        using var server = new TestServer();

        var response = await Post(server, "<notASurvey/>", "application/xml");

        response.StatusCode.Should().Be(400);
        response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.GetJsonAsync<Dictionary<string, object>>())["detail"].ToString().Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public async Task The_control_api_lists_the_stored_surveys_and_clears_them()
    {
        using var server = new TestServer();
        await Post(server, Spec.Examples.Single(e => e.File == "survey.xml").Text, "application/xml");

        var listed = await server.Client.Request("/control/surveys").GetStringAsync();
        listed.Should().Contain("\"sid\":\"1000\"").And.Contain("\"question\":\"Question 4\"");

        (await server.Client.Request("/control/surveys").DeleteAsync()).StatusCode.Should().Be(200);
        (await server.Client.Request("/control/surveys").GetStringAsync()).Should().Be("[]");
    }

    [Test]
    public async Task Many_concurrent_posts_are_all_stored_exactly_once()
    {
        using var server = new TestServer();
        const int posts = 400;

        var responses = await Task.WhenAll(Enumerable.Range(1, posts).Select(i =>
            Post(server, $"<egainSurvey sid=\"{i}\"><survey><question>q</question><answer>{i}</answer></survey></egainSurvey>", "application/xml")));

        responses.Should().OnlyContain(r => r.StatusCode == 204);
        var stored = server.Services.GetRequiredService<SurveyStore>().All;
        stored.Select(s => s.Attributes["sid"]).Should().BeEquivalentTo(Enumerable.Range(1, posts).Select(i => i.ToString()));
        stored.Select(s => s.Number).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task A_full_store_refuses_new_surveys_instead_of_dropping_old_ones()
    {
        using var server = new TestServer("default", ("max-surveys", "2"));
        var body = Spec.Examples.Single(e => e.File == "survey.xml").Text;

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Post(server, body, "application/xml")).StatusCode);
        }

        statuses.Should().Equal(204, 204, 507);
        server.Services.GetRequiredService<SurveyStore>().Count.Should().Be(2);
    }

    [Test]
    public async Task A_survey_from_a_chat_button_on_an_allowed_origin_passes_cors()
    {
        using var server = new TestServer("default", ("cors-origins", "https://www.example.com"));

        var preflight = await server.Client.Request(TestServer.PathOf(Survey))
            .WithHeader("Origin", "https://www.example.com")
            .WithHeader("Access-Control-Request-Method", "POST")
            .WithHeader("Access-Control-Request-Headers", "content-type")
            .OptionsAsync();
        var other = await server.Client.Request(TestServer.PathOf(Spec.Operation("chatAllowed"), 1000)).WithHeader("Origin", "https://evil.example").GetAsync();
        var allowed = await server.Client.Request(TestServer.PathOf(Spec.Operation("chatAllowed"), 1000)).WithHeader("Origin", "https://www.example.com").GetAsync();

        preflight.StatusCode.Should().Be(204);
        preflight.Headers.FirstOrDefault("Access-Control-Allow-Origin").Should().Be("https://www.example.com");
        allowed.Headers.FirstOrDefault("Access-Control-Allow-Origin").Should().Be("https://www.example.com");
        other.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private static Task<IFlurlResponse> Post(TestServer server, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return server.Client.Request(TestServer.PathOf(Survey)).PostAsync(content);
    }
}
