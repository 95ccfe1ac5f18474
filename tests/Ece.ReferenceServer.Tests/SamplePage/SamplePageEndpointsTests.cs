using System.Text.Json.Nodes;
using Ece.Spec;
using Flurl.Http;

namespace Ece.ReferenceServer.Tests.SamplePage;

public class SamplePageEndpointsTests
{
    [TestCase("/chat-button/", "text/html", "id=\"ece-chat\"")]
    [TestCase("/chat-button/chat-button.js", "text/javascript", "operationReporting('chatAllowed')")]
    [TestCase("/chat-button/chat-button.css", "text/css", "#ece-chat-button")]
    public async Task The_sample_page_and_its_files_are_served(string path, string mediaType, string contains)
    {
        using var server = new TestServer();

        var response = await server.Client.Request(path).GetAsync();

        response.StatusCode.Should().Be(200);
        response.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        (await response.GetStringAsync()).Should().Contain(contains);
    }

    [Test]
    public async Task Ece_api_js_describes_every_operation_as_the_spec_does()
    {
        using var server = new TestServer();

        var script = await server.Client.Request("/chat-button/ece-api.js").GetStringAsync();
        var json = JsonNode.Parse(script[(script.IndexOf('=') + 1)..].TrimEnd().TrimEnd(';'))!;

        json["basePath"]!.GetValue<string>().Should().Be(EceSpec.Default.DefaultBasePath);
        foreach (var op in EceSpec.Default.Operations)
        {
            json["operations"]![op.Id]!["path"]!.GetValue<string>().Should().Be(op.PathTemplate);
        }
    }

    [TestCase("/chat-button/../Program.cs")]
    [TestCase("/chat-button/secret.txt")]
    [TestCase("/chat-button/%2e%2e%2fappsettings.json")]
    public async Task Only_the_page_files_are_served(string path)
    {
        using var server = new TestServer();

        (await server.Client.Request(path).GetAsync()).StatusCode.Should().Be(404);
    }
}
