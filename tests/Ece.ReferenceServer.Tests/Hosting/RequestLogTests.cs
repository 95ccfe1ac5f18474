using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ece.ReferenceServer.Tests.Hosting;

/// <summary>The request log: escaped paths, a line budget a second, and a summary of what was only counted.</summary>
public class RequestLogTests
{
    [Test]
    public void A_line_break_in_the_path_is_logged_escaped_and_cannot_forge_a_line()
    {
        var (log, lines, _) = Create(linesPerSecond: 10);

        log.Record("GET", new PathString("/system/egain/x\nINFO forged"), 404, TimeSpan.FromMilliseconds(1));

        lines.Should().ContainSingle().Which.Should().NotContain("\n").And.Contain("%0A");
    }

    [Test]
    public void Past_the_budget_requests_are_counted_and_summarised_once_a_second()
    {
        var (log, lines, time) = Create(linesPerSecond: 3);

        for (var i = 0; i < 10; i++)
        {
            log.Record("GET", new PathString("/a"), i < 8 ? 200 : 503, TimeSpan.Zero);
        }
        lines.Should().HaveCount(3);
        time.Advance(TimeSpan.FromSeconds(1));

        lines.Should().HaveCount(4);
        lines[^1].Should().Contain("7 more requests").And.Contain("2xx: 5").And.Contain("5xx: 2");
        log.Record("GET", new PathString("/b"), 200, TimeSpan.Zero);
        lines.Should().HaveCount(5, "a new second has a new budget");
    }

    [Test]
    public void A_request_is_timed_by_the_injected_clock()
    {
        var (log, lines, time) = Create(linesPerSecond: 10);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/a";

        var run = log.InvokeAsync(context, _ =>
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            return Task.CompletedTask;
        });

        run.IsCompletedSuccessfully.Should().BeTrue();
        lines.Should().ContainSingle().Which.Should().Contain("in 250.0 ms");
    }

    [Test]
    public async Task A_request_that_throws_is_still_logged()
    {
        var (log, lines, _) = Create(linesPerSecond: 10);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/b";

        var run = () => log.InvokeAsync(context, _ => throw new InvalidOperationException("boom"));

        await run.Should().ThrowAsync<InvalidOperationException>();
        lines.Should().ContainSingle().Which.Should().StartWith("GET /b");
    }

    private static (RequestLog Log, List<string> Lines, FakeTimeProvider Time) Create(int linesPerSecond)
    {
        var lines = new List<string>();
        var time = new FakeTimeProvider();
        return (new RequestLog(new ListLogger(lines), time, linesPerSecond), lines, time);
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
