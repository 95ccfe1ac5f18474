using System.Net;
using System.Net.Sockets;
using System.Text;
using Ece.Conformance.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Http;

public class TargetClientTests
{
    [Test]
    public async Task Credentials_given_as_headers_are_sent_but_never_recorded()
    {
        string? seen = null;
        await using var target = await FakeTarget.StartAsync(call =>
        {
            seen = call.Context.Request.Headers.Authorization;
            return Task.FromResult<Reply?>(null);
        });
        using var client = new TargetClient(target.Url, new TargetOptions { Headers = [KeyValuePair.Create("Authorization", "Bearer s3cret"), KeyValuePair.Create("X-Team", "web")] }, TimeProvider.System);

        var exchange = await client.SendAsync(HttpMethod.Get, "/system/egain/chat/entrypoint/capacity/1000");

        seen.Should().Be("Bearer s3cret");
        exchange.RequestHeaders.Should().Contain(KeyValuePair.Create("Authorization", "(redacted)")).And.Contain(KeyValuePair.Create("X-Team", "web"));
        exchange.RequestHeaders.Should().NotContain(h => h.Value.Contains("s3cret"));
    }

    [Test]
    public async Task A_connection_failure_is_retried_and_reported_as_unreachable()
    {
        using var client = new TargetClient(new Uri("http://127.0.0.1:9/"), new TargetOptions { Retries = 2, Timeout = TimeSpan.FromSeconds(2) }, TimeProvider.System);

        var exchange = await client.SendAsync(HttpMethod.Get, "/x");

        exchange.Failure.Should().Be(ExchangeFailure.Unreachable);
        exchange.Attempts.Should().Be(3);
    }

    /// <summary>A server may close a kept-alive connection at any time, and a request can cross the close: the request
    /// is sent again on another connection, as browsers do, and the legal server is not said to answer "not HTTP".</summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_get_whose_kept_connection_is_closed_before_any_answer_is_sent_again(bool reset)
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOneAnswerPerConnectionAsync(server, reset);
        Exchange first, second;
        using (var client = new TargetClient(new Uri($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/"), new TargetOptions { Retries = 0, Concurrency = 1 }, TimeProvider.System))
        {
            first = await client.SendAsync(HttpMethod.Get, "/a");
            second = await client.SendAsync(HttpMethod.Get, "/b");
        }
        // The client's connections are closed: the server's last read ends, and its accept with the listener.
        server.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);

        first.Status.Should().Be(200);
        second.Failure.Should().Be(ExchangeFailure.None, second.Error);
        second.Status.Should().Be(200);
    }

    /// <summary>Answers the first request of each connection (keeping it alive, as HTTP/1.1 does by default), then reads
    /// the next request and closes the connection without a word: with a reset, or with an orderly end.</summary>
    private static async Task ServeOneAnswerPerConnectionAsync(TcpListener server, bool reset)
    {
        while (true)
        {
            using var socket = await server.AcceptSocketAsync();
            using var stream = new NetworkStream(socket);
            await ReadRequestAsync(stream);
            var body = "<a/>"u8.ToArray();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\n\r\n"));
            await stream.WriteAsync(body);
            await ReadRequestAsync(stream);
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            socket.Close();
        }
    }

    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var seen = new List<byte>();
        var buffer = new byte[1024];
        while (!Encoding.ASCII.GetString([.. seen]).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }
            seen.AddRange(buffer.AsSpan(0, read));
        }
    }

    [Test]
    public async Task The_time_out_runs_on_the_injected_clock_not_the_wall_clock()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts, never answers
        silent.Start();
        var time = new FakeTimeProvider();
        using var client = new TargetClient(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"), new TargetOptions { Timeout = TimeSpan.FromSeconds(30) }, time);

        var sending = client.SendAsync(HttpMethod.Get, "/x");
        // Thirty seconds pass on the fake clock only: the exchange ends without the test waiting them.
        for (var step = 0; step < 200 && !sending.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(sending, Task.Delay(20));
        }

        sending.IsCompleted.Should().BeTrue("the fake clock passed the time-out");
        var exchange = await sending;
        exchange.Failure.Should().Be(ExchangeFailure.Timeout);
        exchange.ElapsedMs.Should().BeGreaterThanOrEqualTo(30_000, "durations are measured on the same clock");
    }

    [Test]
    public async Task The_back_off_between_retries_waits_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        using var client = new TargetClient(new Uri("http://127.0.0.1:9/"), new TargetOptions { Retries = 1 }, time);

        var sending = client.SendAsync(HttpMethod.Get, "/x");
        await Task.WhenAny(sending, Task.Delay(2000));
        var waitedForTheClock = !sending.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        var exchange = await sending.WaitAsync(TimeSpan.FromSeconds(30));

        waitedForTheClock.Should().BeTrue("the second attempt waits for the back-off, which only the fake clock ends");
        exchange.Attempts.Should().Be(2);
    }

    [Test]
    public async Task A_redirect_is_recorded_not_followed()
    {
        await using var target = await FakeTarget.StartAsync(call =>
        {
            call.Context.Response.Headers.Location = "/login";
            return Task.FromResult<Reply?>(new Reply(302, "text/plain", "moved"));
        });
        using var client = new TargetClient(target.Url, new TargetOptions(), TimeProvider.System);

        var exchange = await client.SendAsync(HttpMethod.Get, "/system/egain/chat/entrypoint/capacity/1000");

        exchange.Status.Should().Be(302);
        exchange.Attempts.Should().Be(1);
    }

    [TestCase(new byte[] { 0xEF, 0xBB, 0xBF, 0x3C, 0x61, 0x2F, 0x3E }, null, "<a/>")]
    [TestCase(new byte[] { 0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00, 0x2F, 0x00, 0x3E, 0x00 }, "utf-8", "<a/>")]
    [TestCase(new byte[] { 0x3C, 0x61, 0x3E, 0xE9, 0x3C, 0x2F, 0x61, 0x3E }, "iso-8859-1", "<a>é</a>")]
    [TestCase(new byte[] { 0x3C, 0x61, 0x2F, 0x3E }, "no-such-charset", "<a/>")]
    public void Bodies_are_decoded_by_byte_order_mark_then_charset_then_utf8(byte[] bytes, string? charset, string expected)
    {
        TargetClient.Decode(bytes, charset).Should().Be(expected);
    }

    [Test]
    public void Decoding_invalid_utf8_never_throws()
    {
        TargetClient.Decode(Encoding.Latin1.GetBytes("<a>\u00e9\u00ff</a>"), null).Should().StartWith("<a>");
    }
}
