using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ece.Conformance.Commands;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>The monitor command as a user runs it: SIGTERM stops it cleanly (exit 0, the port closed), change lines on
/// stdout, bad arguments exit 2 with what to change.</summary>
[CancelAfter(120_000)]
public class MonitorCommandTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "ece-conformance.dll");

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_stops_the_monitor_cleanly(string signal)
    {
        await using var server = await RunningMonitor.ReferenceServerAsync();

        // Port 0: the monitor binds a free port itself and says which, so nothing can take it in between.
        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "monitor", "--target", server.Url.ToString(), "--interval", "1s", "--listen", "127.0.0.1:0"],
            TimeSpan.FromSeconds(60), after: "\"to\":\"shown\"", whileRunning: (p, _) => Processes.SignalAsync(p, signal));

        exit.Should().Be(0, output);
        output.Should().Contain("monitor: watching 1 targets").And.Contain("\"kind\":\"button\"").And.Contain("monitor: stopped");
        var port = int.Parse(Regex.Match(output, @"metrics on http://127\.0\.0\.1:(\d+)/").Groups[1].Value, CultureInfo.InvariantCulture);
        var connect = async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
        };
        await connect.Should().ThrowAsync<SocketException>("the listener is closed");
    }

    [TestCase(new string[] { }, "needs --target")]
    [TestCase(new[] { "--target", "http://a.example", "--interval", "0s" }, "--interval")]
    [TestCase(new[] { "--target", "http://a.example", "--shard", "3/2" }, "--shard")]
    [TestCase(new[] { "--target", "http://a.example", "--listen", "nowhere" }, "--listen")]
    [TestCase(new[] { "--target", "http://a.example", "--listen", "myhost:9464" }, "--listen")]
    [TestCase(new[] { "--target", "http://a.example", "--listen", "127.0.0.1:99999" }, "--listen")]
    [TestCase(new[] { "--target", "http://a.example", "--listen", "0:9464" }, "--listen")]
    [TestCase(new[] { "--target", "http://a.example", "--listen", "192.0.2.1:9464" }, "cannot listen on 192.0.2.1:9464")]
    [TestCase(new[] { "--target", "http://a.example", "--only", "ECE-ZZ" }, "--only")]
    [TestCase(new[] { "--target", "http://a.example", "--webhook", "mailto:x@example.com" }, "--webhook")]
    public async Task Bad_arguments_exit_2_and_say_what_to_change(string[] args, string hint)
    {
        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "monitor", .. args], TimeSpan.FromSeconds(30));

        exit.Should().Be(2, output);
        output.Should().Contain(hint);
    }

    [TestCase("15s", 15)]
    [TestCase("500ms", 0.5)]
    [TestCase("2m", 120)]
    [TestCase("30", 30)]
    public void An_interval_is_read_with_its_unit(string value, double seconds) =>
        MonitorCommand.ParseInterval(value).TotalSeconds.Should().Be(seconds);
}
