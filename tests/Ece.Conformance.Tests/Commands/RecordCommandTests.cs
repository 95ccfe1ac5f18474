using Ece.Conformance.Commands;

namespace Ece.Conformance.Tests.Commands;

public class RecordCommandTests
{
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "ece-conformance.dll");

    [TestCase("NaNs")] // NaN is neither below nor above a bound: it reached TimeSpan, which threw
    [TestCase("NaN")]
    [TestCase("-1m")]
    [TestCase("8d")]
    [TestCase("169h")]
    public void A_time_that_is_no_duration_of_a_recording_is_refused(string value)
    {
        var act = () => RecordCommand.Span(value, "--duration");

        act.Should().Throw<UsageException>().WithMessage("--duration takes a time such as 90s, 10m or 1h, up to 7 days*");
    }

    [TestCase("90s", 90)]
    [TestCase("10m", 600)]
    [TestCase("168h", 7 * 24 * 3600)]
    [TestCase("0", 0)]
    public void A_duration_reads_in_its_unit(string value, int seconds)
    {
        RecordCommand.Span(value, "--duration").Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [TestCase("0")]
    [TestCase("0.5s")]
    public void An_interval_under_a_second_is_refused_as_a_load_test_not_a_recording(string value)
    {
        var act = () => RecordCommand.ParseInterval(value);

        act.Should().Throw<UsageException>().WithMessage("--interval is at least 1 s between rounds*");
        RecordCommand.ParseInterval("1s").Should().Be(TimeSpan.FromSeconds(1));
    }

    [TestCase("/dev/stdout", true)]
    [TestCase("/dev/fd/1", true)]
    [TestCase("recording.har", false)]
    public void The_progress_lines_leave_standard_output_to_a_har_written_there(string path, bool toError)
    {
        // Written beside the HAR, they were inside its JSON: `record --out /dev/stdout | …` gave a HAR no tool reads.
        RecordCommand.ProgressFor(path).Should().BeSameAs(toError ? Console.Error : Console.Out);
    }

    [TestCase("/dev/null/x")]
    [TestCase("")]
    [TestCase("a folder")]
    public async Task An_out_file_that_cannot_be_written_is_exit_2_before_any_request(string path)
    {
        await using var target = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        path = path == "a folder" ? Directory.CreateTempSubdirectory("ece-record-out-").FullName : path;

        var (exit, output) = await Processes.RunAsync("dotnet", [Executable, "record", "--target", target.Url.ToString(), "--duration", "0", "--out", path]);

        exit.Should().Be(2, output);
        output.Should().StartWith($"error: --out {path} cannot be written").And.NotContain("   at ");
        target.Requests.Should().Be(0);
    }
}
