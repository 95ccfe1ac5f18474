using Ece.Conformance.Http;
using Ece.Conformance.Reports;

namespace Ece.Conformance.Tests.Reports;

/// <summary>A replay line sends what the runner sent: bash reads every argument back byte for byte.</summary>
public class ReplayTests
{
    [TestCase("<egainSurvey sid=\"1\">\n  <survey><question>it's $HOME `x`</question></survey>\n</egainSurvey>")]
    [TestCase("plain 'quoted' body")]
    public async Task Bash_reads_the_body_of_a_replay_line_back_exactly(string body)
    {
        var exchange = new Exchange
        {
            Id = 1, Method = "POST", Url = "http://127.0.0.1:9/system/egain/chat/entrypoint/survey", RequestBody = body,
            RequestHeaders = [KeyValuePair.Create("Content-Type", "application/xml; charset=utf-8")],
        };
        var line = Replay.Curl(exchange);

        // The line with curl swapped for a function that prints its last argument (the body).
        var (exit, output) = await Processes.RunAsync("bash", ["-c", "curl() { printf '%s' \"${@: -1}\"; }; " + line]);

        exit.Should().Be(0, line);
        output.TrimEnd('\n').Should().Be(body);
        line.Should().StartWith("curl -i -X POST 'http://127.0.0.1:9/system/egain/chat/entrypoint/survey' -H 'Content-Type: application/xml; charset=utf-8' --data-binary ");
    }
}
