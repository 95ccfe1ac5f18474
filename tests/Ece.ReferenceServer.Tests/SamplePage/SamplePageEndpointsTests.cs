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
    [TestCase("/chat-button/chat-button.js", "text/javascript", "operationReporting(named.chatAllowed)")]
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
        var contract = EceSpec.Default.ChatButton;
        json["page"]!["container"]!.GetValue<string>().Should().Be(contract.Container);
        json["page"]!["states"]!["refused"]!.GetValue<string>().Should().Be(contract.States.Refused);
        json["eligibility"]!.GetValue<string>().Should().Be(EceSpec.Default.Eligibility.Operation.Id);
        json["quantities"]!.AsObject().Select(q => q.Key).Should().BeEquivalentTo(Quantity.All);
    }

    [Test]
    public async Task The_page_has_the_elements_its_contract_names_and_the_script_writes_no_state_of_its_own()
    {
        using var server = new TestServer();
        var contract = EceSpec.Default.ChatButton;

        var html = await server.Client.Request(contract.Path).GetStringAsync();
        var script = await server.Client.Request(contract.Path + "chat-button.js").GetStringAsync();

        html.Should().Contain($"id=\"{contract.Container}\" {contract.StateAttribute}=\"{contract.States.Loading}\"")
            .And.Contain($"id=\"{contract.Button}\"").And.Contain($"id=\"{contract.ReasonText}\"");
        // Every state the page writes comes from ece-api.js: no state name appears quoted in the script.
        foreach (var state in new[] { contract.States.Allowed, contract.States.Refused, contract.States.Error, contract.States.Session, contract.States.SurveySent })
        {
            script.Should().NotContain($"'{state}'").And.NotContain($"\"{state}\"");
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
        await using var server = await LoopbackApp.ReferenceServerAsync(ScenarioCatalog.Default, TimeProvider.System);

        var (status, body) = await RawGet(server.Url, rawPath);

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
