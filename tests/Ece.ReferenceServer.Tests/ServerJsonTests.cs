using System.Text.Json;
using FluentAssertions;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Ece.ReferenceServer.Tests;

public class ServerJsonTests
{
    [Test]
    public void The_server_resolves_no_json_type_by_reflection()
    {
        using var server = new TestServer();
        var options = server.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        // string's interfaces: what writing a problem's traceId (an extension typed object) asks for; only reflection
        // knows them, and asking it cost the first problem answered ~20 ms.
        options.TypeInfoResolver!.GetTypeInfo(typeof(IComparable), options).Should().BeNull();
        options.TypeInfoResolver.GetTypeInfo(typeof(IEnumerable<char>), options).Should().BeNull();
    }

    [Test]
    public async Task A_refused_survey_is_still_a_problem_with_its_status_detail_and_trace_id()
    {
        using var server = new TestServer();

        var answer = await server.Client.Request(TestServer.PathOf(TestServer.Spec.Writing)).WithHeader("Content-Type", "text/plain").PostStringAsync("sid=1");

        answer.StatusCode.Should().Be(415);
        answer.ResponseMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await answer.GetStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(415);
        problem.RootElement.GetProperty("detail").GetString().Should().StartWith("Send the survey as");
        problem.RootElement.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty("an extension typed object, written as the string it is");
    }
}
