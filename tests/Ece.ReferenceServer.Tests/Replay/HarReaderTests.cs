using System.Text;
using Ece.ReferenceServer.Replay;

namespace Ece.ReferenceServer.Tests.Replay;

/// <summary>HARs as their producers write them: Chrome, Firefox, Playwright, mitmproxy, Charles, Fiddler each leave
/// out or add something. The reader keeps the chat API's entries and says what the others were.</summary>
public class HarReaderTests
{
    private const string Api = "/chat/entrypoint/";
    private const string Xml = "<?xml version=\"1.0\"?><chatAllowed xmlns:ns2=\"http://bindings.egain.com/chat\" allowed=\"true\"/>";

    private static HarFile Read(string json) => HarReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.har", Api, HarReader.MaxBody);

    private static string Har(params string[] entries) =>
        "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebInspector\",\"version\":\"537.36\"},\"entries\":[" + string.Join(",", entries) + "]}}";

    private static string Entry(string url = "https://ece.example.com/system/egain/chat/entrypoint/chatAllowed/1000", int status = 200, string content = "", string extra = "") =>
        $"{{\"startedDateTime\":\"2026-12-01T10:00:00.000Z\",\"time\":42.5,\"request\":{{\"method\":\"GET\",\"url\":\"{url}\",\"headers\":[{{\"name\":\"Accept\",\"value\":\"*/*\"}}]}},"
        + $"\"response\":{{\"status\":{status},\"statusText\":\"OK\",\"headers\":[{{\"name\":\"Content-Type\",\"value\":\"application/xml\"}}],\"content\":{{\"size\":10,\"mimeType\":\"application/xml\"{content}}}}},\"timings\":{{\"wait\":40.1}}{extra}}}";

    [Test]
    public void Text_content_comes_back_as_the_bytes_it_was_and_other_sites_are_counted_not_kept()
    {
        var har = Read(Har(Entry(content: $",\"text\":{System.Text.Json.JsonSerializer.Serialize(Xml)}"), Entry(url: "https://cdn.example.com/app.js")));

        har.Creator.Should().Be("WebInspector 537.36");
        har.Entries.Should().ContainSingle().Which.Body.Should().Equal(Encoding.UTF8.GetBytes(Xml));
        har.Entries[0].WaitMs.Should().Be(40.1);
        har.Others.Should().Be(1);
    }

    [Test]
    public void Base64_content_is_decoded_and_content_without_text_has_no_body()
    {
        var har = Read(Har(Entry(content: $",\"text\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(Xml))}\",\"encoding\":\"base64\""), Entry(content: ",\"compression\":12")));

        har.Entries[0].Body.Should().Equal(Encoding.UTF8.GetBytes(Xml));
        har.Entries[1].Body.Should().BeNull("Firefox leaves text out when it did not keep the body");
    }

    [TestCase(",\"_fromCache\":\"disk\"", "cache")]
    [TestCase("", "status 0", 0)]
    public void Entries_served_from_the_cache_or_never_answered_are_named_not_judged(string extra, string said, int status = 200)
    {
        var har = Read(Har(Entry(status: status, content: ",\"text\":\"x\"", extra: extra)));

        har.Entries.Single().Skipped.Should().Contain(said);
    }

    [Test]
    public void A_blocked_request_is_named_by_chromes_error()
    {
        var har = Read(Har(Entry(status: 0, content: "").Replace("\"statusText\":\"OK\"", "\"statusText\":\"\",\"_error\":\"net::ERR_BLOCKED_BY_CLIENT\"", StringComparison.Ordinal)));

        har.Entries.Single().Skipped.Should().Contain("net::ERR_BLOCKED_BY_CLIENT");
    }

    [TestCase("{\"log\":{\"entries\":[{\"request\":", "truncated")]
    [TestCase("[1, 2, 3]", "JSON object")]
    [TestCase("{\"entries\":[]}", "no \"log\"")]
    [TestCase("not json at all", "")]
    public void What_is_not_a_readable_har_is_refused_with_where(string text, string said)
    {
        var read = () => Read(text);

        read.Should().Throw<HarException>().WithMessage($"*test.har*{said}*");
    }

    [Test]
    public void A_large_har_of_other_sites_is_read_a_token_at_a_time()
    {
        // 20,000 entries of other sites, each with a body of 4 KB: 100 MB of HAR would be the same, only longer.
        var big = new StringBuilder("{\"log\":{\"creator\":{\"name\":\"mitmproxy\",\"version\":\"10\"},\"entries\":[");
        var body = new string('a', 4096);
        for (var i = 0; i < 20_000; i++)
        {
            big.Append(i == 0 ? "" : ",").Append(Entry(url: $"https://cdn.example.com/{i}.js", content: $",\"text\":\"{body}\""));
        }
        big.Append(',').Append(Entry(content: $",\"text\":{System.Text.Json.JsonSerializer.Serialize(Xml)}")).Append("]}}");

        var har = Read(big.ToString());

        har.Others.Should().Be(20_000);
        har.Entries.Should().ContainSingle();
    }

    [Test]
    public void A_har_with_a_byte_order_mark_is_read_and_a_revalidation_is_no_answer()
    {
        var text = Har(Entry(status: 304, content: ",\"text\":\"x\""), Entry(content: $",\"text\":{System.Text.Json.JsonSerializer.Serialize(Xml)}"));
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var har = HarReader.Read(new MemoryStream(bytes), "fiddler.har", Api, HarReader.MaxBody);

        har.Entries.Should().HaveCount(2);
        har.Entries[0].Skipped.Should().Contain("304");
        har.Entries[1].Skipped.Should().BeNull();
    }

    [Test]
    public void A_string_that_cannot_be_decoded_is_a_har_that_cannot_be_read()
    {
        var bytes = Encoding.UTF8.GetBytes(Har(Entry(content: ",\"text\":\"\\ud800\""))).ToArray();

        var read = () => HarReader.Read(new MemoryStream(bytes), "bad.har", Api, HarReader.MaxBody);

        read.Should().Throw<HarException>().WithMessage("*bad.har*");
    }

    // A null stopped the loop over the entries: the rest of the recording was dropped without a word, and what was
    // left could pass (12 of a HAR's answers judged instead of 79).
    [TestCase("null")]
    [TestCase("42")]
    [TestCase("[]")]
    public void An_entry_that_is_no_object_is_passed_over_and_the_entries_after_it_are_kept(string item)
    {
        var har = Read(Har(Entry(), item, Entry(url: "https://ece.example.com/system/egain/chat/entrypoint/capacity/1000"), Entry()));

        har.Entries.Select(e => e.Url.Split('/')[^2]).Should().Equal("chatAllowed", "capacity", "chatAllowed");
        har.Others.Should().Be(1, "the item is counted with the entries passed over");
    }

    [Test]
    public void A_header_that_is_no_object_is_passed_over_and_the_headers_after_it_are_kept()
    {
        var har = Read(Har(Entry().Replace("\"headers\":[{\"name\":\"Content-Type\"", "\"headers\":[null,{\"name\":\"Content-Type\"", StringComparison.Ordinal)));

        har.Entries.Should().ContainSingle().Which.ResponseHeaders.Should().Contain(h => h.Key == "Content-Type");
    }
}
