using System.Net.Http.Headers;
using System.Text;
using Ece.ReferenceServer.Survey;
using Ece.Spec;
using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ece.ReferenceServer.Tests.Survey;

/// <summary>Every kind of bad survey request gets a clear 4xx, stores nothing, and leaves the server serving.</summary>
public class SurveyBadInputTests
{
    private static readonly EceSpec Spec = EceSpec.Default;
    private static readonly string Ns = Spec.ChatNamespace.NamespaceName;
    private static readonly string Valid = Spec.Examples.Single(e => e.File == "survey.xml").Text;
    private static readonly int Max = (int)Spec.Operations.Single(o => o.Method == HttpMethod.Post).MaxBodyBytes!.Value;

    public sealed record BadSurvey(string Name, string? Body, string? ContentType, int Status, string Says, string Method = "POST", bool Chunked = false)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<BadSurvey> Cases() =>
    [
        new("not XML at all", "hello", "application/xml", 400, "not well-formed"),
        new("an unclosed root", "<egainSurvey sid=\"1\">", "application/xml", 400, "not well-formed"),
        new("an empty body", "", "application/xml", 400, "not well-formed"),
        new("binary garbage", "\u0001\u0002\u0003\u00ff", "application/xml", 400, "not well-formed"),
        new("two roots", Valid + Valid, "application/xml", 400, "not well-formed"),
        new("an internal entity", "<!DOCTYPE egainSurvey [<!ENTITY x \"y\">]><egainSurvey sid=\"1\"><survey><question>&x;</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "DTD"),
        new("a billion laughs", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><egainSurvey sid=\"1\"><survey><question>&lol3;</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "DTD"),
        new("an external entity", "<!DOCTYPE egainSurvey [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><egainSurvey sid=\"1\"><survey><question>&xxe;</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "DTD"),
        new("an external DTD", "<!DOCTYPE egainSurvey SYSTEM \"http://127.0.0.1:9/x.dtd\"><egainSurvey sid=\"1\"/>", "application/xml", 400, "DTD"),
        new("a body over the size limit with Content-Length", Oversized(), "application/xml", 413, "at most"),
        new("a body over the size limit, chunked", Oversized(), "application/xml", 413, "at most", Chunked: true),
        new("no sid", "<egainSurvey><survey><question>q</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "sid"),
        new("an empty sid", "<egainSurvey sid=\"\"><survey><question>q</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "sid"),
        new("no survey item", "<egainSurvey sid=\"1\"></egainSurvey>", "application/xml", 400, "not valid"),
        new("a survey without question", "<egainSurvey sid=\"1\"><survey><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "question"),
        new("a survey without answer", "<egainSurvey sid=\"1\"><survey><question>q</question></survey></egainSurvey>", "application/xml", 400, "answer"),
        new("an empty question", "<egainSurvey sid=\"1\"><survey><question></question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "question"),
        new("answer before question", "<egainSurvey sid=\"1\"><survey><answer>a</answer><question>q</question></survey></egainSurvey>", "application/xml", 400, "not valid"),
        new("an unknown child", "<egainSurvey sid=\"1\"><survey><question>q</question><answer>a</answer><score>5</score></survey></egainSurvey>", "application/xml", 400, "score"),
        new("an unknown attribute", "<egainSurvey sid=\"1\" evil=\"1\"><survey><question>q</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "evil"),
        new("capitalised names, as the source's table prints them", Valid.Replace("question>", "Question>", StringComparison.Ordinal), "application/xml", 400, "Question"),
        new("another root", "<chatAllowed allowed=\"true\"/>", "application/xml", 400, "root element"),
        new("the root in another namespace", "<egainSurvey xmlns=\"urn:other\" sid=\"1\"><survey><question>q</question><answer>a</answer></survey></egainSurvey>", "application/xml", 400, "urn:other"),
        new("chat-namespaced root with unqualified children", $"<ns2:egainSurvey xmlns:ns2=\"{Ns}\" sid=\"1\"><survey><question>q</question><answer>a</answer></survey></ns2:egainSurvey>", "application/xml", 400, "not valid"),
        new("JSON", "{\"sid\":\"1\"}", "application/json", 415, "application/xml"),
        new("plain text", Valid, "text/plain", 415, "text/xml"),
        new("no content type", Valid, null, 415, "application/xml"),
        new("a form", "sid=1", "application/x-www-form-urlencoded", 415, "application/xml"),
        new("a content type that only starts like XML", Valid, "application/xmlx", 415, "application/xml"),
        new("GET", null, null, 405, "Method Not Allowed", "GET"),
        new("PUT", Valid, "application/xml", 405, "Method Not Allowed", "PUT"),
        new("DELETE", null, null, 405, "Method Not Allowed", "DELETE"),
        new("PATCH", Valid, "application/xml", 405, "Method Not Allowed", "PATCH"),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task A_bad_survey_is_refused_clearly_stores_nothing_and_the_server_keeps_serving(BadSurvey bad)
    {
        using var server = new TestServer();
        var store = server.Services.GetRequiredService<SurveyStore>();
        var op = Spec.Operations.Single(o => o.Method == HttpMethod.Post);

        var response = await Send(server, TestServer.PathOf(op), bad);

        response.StatusCode.Should().Be(bad.Status, await response.GetStringAsync());
        (await response.GetStringAsync()).Should().Contain(bad.Says);
        store.Count.Should().Be(0);
        (await server.Get(Spec.Operation("chatAllowed"), 1000)).StatusCode.Should().Be(200);
        (await Send(server, TestServer.PathOf(op), new BadSurvey("valid", Valid, "application/xml", 204, ""))).StatusCode.Should().Be(204);
        store.Count.Should().Be(1);
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("1e3")]
    [TestCase("0x3E8")]
    [TestCase("1000abc")]
    [TestCase("9223372036854775808")]
    [TestCase("-9223372036854775809")]
    [TestCase("99999999999999999999999999999")]
    [TestCase("%201000")]
    public async Task A_malformed_id_is_a_404_on_every_operation_and_changes_nothing(string id)
    {
        using var server = new TestServer();
        foreach (var op in Spec.ReadOnlyOperations)
        {
            var response = await server.Client.Request(Spec.DefaultBasePath + op.PathTemplate.Replace("{id}", id, StringComparison.Ordinal)).GetAsync();
            response.StatusCode.Should().Be(404, op.Id);
            (await response.GetStringAsync()).Should().Contain("not a 64-bit integer", op.Id);
        }
        (await server.Answer(Spec.Operation("capacity"), 1000))["count"].Should().Be("4");
    }

    private static string Oversized() =>
        "<egainSurvey sid=\"1\"><survey><question>q</question><answer>" + new string('a', Max) + "</answer></survey></egainSurvey>";

    private static Task<IFlurlResponse> Send(TestServer server, string path, BadSurvey bad)
    {
        var request = server.Client.Request(path);
        if (bad.Body is null)
        {
            return request.SendAsync(new HttpMethod(bad.Method));
        }
        HttpContent content = bad.Chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(bad.Body)))
            : new ByteArrayContent(Encoding.UTF8.GetBytes(bad.Body));
        if (bad.ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
        }
        if (bad.Chunked)
        {
            content.Headers.ContentLength = null;
        }
        return request.SendAsync(new HttpMethod(bad.Method), content);
    }
}
