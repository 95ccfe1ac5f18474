using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ece.ReferenceServer.Survey;
using Ece.Spec;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ece.ReferenceServer.Tests.ChatApi;

/// <summary>Every client behaviour of spec/observed.yaml is served: the query strings clients append, HEAD, the JSON
/// form as a truthy client reads it, and each client's survey body with its own Content-Type, byte for byte.</summary>
public class FieldClientTests
{
    private static readonly EceSpec Spec = EceSpec.Default;
    private static readonly Operation Survey = Spec.Operations.Single(o => o.Method == HttpMethod.Post);

    private static IEnumerable<Operation> ReadOnlyOperations() => Spec.ReadOnlyOperations;

    [TestCaseSource(nameof(ReadOnlyOperations))]
    public async Task The_query_string_clients_append_does_not_change_the_answer(Operation op)
    {
        using var server = new TestServer();
        var query = Spec.ClientQuery.Replace(Operation.IdParameter, "1000", StringComparison.Ordinal);

        var plain = await server.Client.Request(TestServer.PathOf(op, 1000)).GetAsync();
        var withQuery = await server.Client.Request(TestServer.PathOf(op, 1000) + "?" + query).GetAsync();

        withQuery.StatusCode.Should().Be(plain.StatusCode);
        XmlAssert.SameDocument(await plain.GetStringAsync(), await withQuery.GetStringAsync(), $"{op.Id} answers the same with the query");
    }

    [TestCaseSource(nameof(ReadOnlyOperations))]
    public async Task Head_answers_as_get_without_a_body(Operation op)
    {
        using var server = new TestServer();

        var get = await server.Client.Request(TestServer.PathOf(op, 1000)).GetAsync();
        var head = await server.Client.Request(TestServer.PathOf(op, 1000)).HeadAsync();

        head.StatusCode.Should().Be(get.StatusCode);
        head.ResponseMessage.Content.Headers.ContentType.Should().Be(get.ResponseMessage.Content.Headers.ContentType);
        head.ResponseMessage.Content.Headers.ContentLength.Should().Be((await get.GetBytesAsync()).Length);
        (await head.GetBytesAsync()).Should().BeEmpty();
    }

    [TestCase("/chat-button/")]
    [TestCase("/control/state")]
    public async Task Head_answers_on_the_page_and_the_control_api_too(string path)
    {
        using var server = new TestServer();

        var head = await server.Client.Request(path).HeadAsync();

        head.StatusCode.Should().Be(200);
        (await head.GetBytesAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task A_truthy_json_client_reads_a_json_boolean_false_when_no_agent_is_available()
    {
        using var server = new TestServer("no-agents");
        var (op, field) = Spec.Reporting(Quantity.AgentsAvailable);

        var json = await server.Client.Request(TestServer.PathOf(op, 1000)).WithHeader("Accept", MediaTypes.Json).GetStringAsync();

        // OBS-13 shows the button when data.available is truthy: only a JSON false keeps it hidden.
        JsonDocument.Parse(json).RootElement.GetProperty(field.Name).ValueKind.Should().Be(JsonValueKind.False);
    }

    private static IEnumerable<TestCaseData> ClientSurveys() =>
        from e in Spec.Evidence
        where e.ContentType is not null
        from body in e.BodyTexts
        select new TestCaseData(e.Id, e.ContentType, body.Text).SetArgDisplayNames(e.Id, e.ContentType!);

    [TestCaseSource(nameof(ClientSurveys))]
    public async Task Each_field_client_survey_is_accepted_as_the_client_sends_it(string evidence, string contentType, string body)
    {
        using var server = new TestServer();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await server.Client.Request(TestServer.PathOf(Survey)).PostAsync(content);

        response.StatusCode.Should().Be(Survey.SuccessStatus, $"{evidence} posts {contentType}: {await response.GetStringAsync()}");
        server.Services.GetRequiredService<SurveyStore>().All.Should().ContainSingle().Which.Items.Should().NotBeEmpty();
    }

    [Test]
    public void There_are_field_client_surveys_to_serve()
    {
        ClientSurveys().Should().HaveCountGreaterThanOrEqualTo(2, "observed.yaml records the eGain template's and OVH's surveys");
    }

    /// <summary>OBS-17: eGain's own Android demo asks agentAvailability with Accept application/json and
    /// Accept-Language en-US, and reads available with JSONObject.getBoolean: a JSON boolean, or the app crashes.</summary>
    [Test]
    public async Task The_egain_android_demo_gets_json_whose_available_is_a_json_boolean()
    {
        using var server = new TestServer();
        var op = Spec.Operation("agentAvailability");

        var answer = await server.Client.Request(TestServer.PathOf(op, 1000)).WithHeader("Accept", MediaTypes.Json).WithHeader("Accept-Language", "en-US").GetAsync();

        answer.StatusCode.Should().Be(200);
        answer.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be(MediaTypes.Json);
        using var json = JsonDocument.Parse(await answer.GetStringAsync());
        json.RootElement.GetProperty("available").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
    }

    /// <summary>OBS-18: a chat bot's back end sends Content-Type application/json on a GET and no Accept; the form
    /// follows Accept, never the request's Content-Type, so it gets XML, which its ElementTree parses.</summary>
    [Test]
    public async Task A_get_with_a_json_content_type_and_no_accept_is_answered_in_xml()
    {
        using var server = new TestServer();
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.PathOf(Spec.Operation("agentAvailability"), 1000)) { Content = new StringContent("", Encoding.UTF8, MediaTypes.Json) };

        var answer = await server.Client.HttpClient.SendAsync(request);

        answer.Content.Headers.ContentType!.MediaType.Should().BeOneOf(MediaTypes.PlainXml);
        System.Xml.Linq.XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Attribute("available").Should().NotBeNull();
    }
}
