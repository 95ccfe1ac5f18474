using System.Net;
using System.Net.Sockets;
using System.Text;
using Ece.Spec;

namespace Ece.Conformance.Tests.Running;

/// <summary>Targets that are not HTTP servers at all, below what ASP.NET lets a fake target do: the runner must
/// tell "there, but broken" (exit 1, ECE-GN-001) from "not there" (exit 2), and never hang.</summary>
public class RawTcpServerTests
{
    [TestCase("garbage instead of HTTP", "SSH-2.0-OpenSSH_9.2\r\n")]
    [TestCase("a status line and nothing else", "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<chatAllowed")]
    [TestCase("the connection closed at once", "")]
    [CancelAfter(60_000)] // a hang guard only: the run's own time-outs (2 s) bound it
    public async Task A_target_that_answers_no_http_fails_the_route_rule_and_exits_1(string name, string reply, CancellationToken cancel)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Serve(listener, reply, stop.Token);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        var run = await Runner.RunAsync(url, o => o with { Connection = o.Connection with { Timeout = TimeSpan.FromSeconds(2), Retries = 0 } }, cancel);
        cancel.ThrowIfCancellationRequested();

        await stop.CancelAsync();
        run.Failed(RuleLevel.Must).Should().Contain("ECE-GN-001", run.Console);
        run.Verdict.ExitCode.Should().Be(1, name);
        await serving;
    }

    /// <summary>Accepts connections, reads the request line, writes the reply (if any) and closes.</summary>
    private static async Task Serve(TcpListener listener, string reply, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer, stop);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
