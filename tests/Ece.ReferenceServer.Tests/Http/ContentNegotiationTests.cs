using System.Text.Json;
using Ece.ReferenceServer.ChatApi;
using Ece.Spec;
using Flurl.Http;
using Ece.ReferenceServer.Http;

namespace Ece.ReferenceServer.Tests.Http;

public class ContentNegotiationTests
{
    private static readonly EceSpec Spec = EceSpec.Default;
    private static readonly IReadOnlyList<MediaTypeSpec> Offered = Spec.Operation("agentAvailability").ResponseMediaTypes;

    [TestCase(null, "application/xml")]
    [TestCase("*/*", "application/xml")]
    [TestCase("application/json", "application/json")]
    [TestCase("application/json, application/xml;q=0.5", "application/json")]
    [TestCase("application/xml;q=0.5, application/json", "application/json")]
    [TestCase("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/xml")]
    [TestCase("application/*", "application/xml")]
    [TestCase("image/png", null)]
    [TestCase("application/json;q=0", null, Description = "q=0 refuses JSON and names nothing else")]
    [TestCase("application/json;q=0, image/png", null)]
    [TestCase("not a media type;;;", "application/xml", Description = "an unreadable Accept is ignored, as RFC 9110 allows")]
    public void Choose_picks_the_best_offered_type(string? accept, string? expected)
    {
        ContentNegotiation.Choose(Offered, accept is null ? null : [accept]).Should().Be(expected);
    }

    [Test]
    public async Task Every_operation_answers_json_with_its_fields_typed_under_accept_json()
    {
        using var server = new TestServer();
        foreach (var op in Spec.ReadOnlyOperations)
        {
            var response = await server.Get(op, Spec.ExampleEntryPoint, "application/json");
            response.StatusCode.Should().Be(200, op.Id);
            response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
            using var json = JsonDocument.Parse(await response.GetStringAsync());
            foreach (var field in op.Response!.Fields.Where(f => f.Required))
            {
                var kind = json.RootElement.GetProperty(field.Name).ValueKind;
                kind.Should().Be(field.Type switch
                {
                    FieldType.Boolean => JsonValueKind.True,
                    FieldType.Text => JsonValueKind.String,
                    _ => JsonValueKind.Number,
                }, $"{op.Id}.{field.Name}");
            }
        }
    }

    [Test]
    public async Task Agent_availability_json_has_the_top_level_available_that_clients_read()
    {
        using var server = new TestServer("no-agents");

        var response = await server.Get(Spec.Operation("agentAvailability"), 1000, "application/json");

        (await response.GetStringAsync()).Should().Be("{\"available\":false}");
    }

    [Test]
    public async Task An_accept_the_server_cannot_satisfy_is_answered_406()
    {
        using var server = new TestServer();

        var response = await server.Get(Spec.Operation("capacity"), 1000, "image/png");

        response.StatusCode.Should().Be(406);
        (await response.GetStringAsync()).Should().Contain("application/xml");
    }
}
