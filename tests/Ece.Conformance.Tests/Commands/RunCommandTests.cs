using Ece.Conformance.Commands;

namespace Ece.Conformance.Tests.Commands;

public class RunCommandTests
{
    [Test]
    public async Task A_run_stopped_while_the_embedded_server_starts_is_exit_2_not_an_internal_error()
    {
        // Ctrl+C before any check: the embedded server's start is cancelled, and that cancellation escaped as an
        // internal error with a stack trace.
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        var exit = await RunCommand.ExecuteAsync(list: false, () => Runner.Options(null, o => o with { Formats = ["console"] }), stopped.Token);

        exit.Should().Be(2);
    }
}
