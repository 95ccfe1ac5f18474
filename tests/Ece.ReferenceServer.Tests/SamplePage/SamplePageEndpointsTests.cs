using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ece.ReferenceServer.Scenarios;
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

    // The paths go out byte for byte: System.Uri (so HttpClient and Flurl) would remove the dot segments and send
    // /Program.cs, which tries nothing. Program.cs and the project file sit one directory above wwwroot.
    [TestCase("/chat-button/../Program.cs")]
    [TestCase("/chat-button/..%2fProgram.cs")]
    [TestCase("/chat-button/..%2FEce.ReferenceServer.csproj")]
    [TestCase("/chat-button/%2e%2e/Program.cs")]
    [TestCase("/chat-button/%2e%2e%2fProgram.cs")]
    [TestCase("/chat-button/..%5cProgram.cs")]
    [TestCase("/chat-button/secret.txt")]
    public async Task Only_the_page_files_are_served(string rawPath)
    {
        var (app, url) = await Loopback.StartAsync(ScenarioCatalog.Default);
        await using var _ = app;

        var (status, body) = await RawGet(url, rawPath);

        status.Should().BeOneOf(400, 404);
        body.Should().NotContain("ReferenceServerApp.Build").And.NotContain("<Project");
    }

    /// <summary>A GET of <paramref name="rawPath"/> exactly as written, over a socket to the real Kestrel: the status and the body.</summary>
    private static async Task<(int Status, string Body)> RawGet(Uri server, string rawPath)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, limit.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"), limit.Token);
        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(limit.Token);
        var headersEnd = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(answer.Split(' ', 3)[1], CultureInfo.InvariantCulture), headersEnd < 0 ? "" : answer[(headersEnd + 4)..]);
    }
}
