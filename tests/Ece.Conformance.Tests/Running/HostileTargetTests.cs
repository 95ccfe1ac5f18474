using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Microsoft.AspNetCore.Http;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

/// <summary>Whatever a target sends, the run stays bounded: findings are excerpts, reports grow with the findings and not
/// with the target's bytes, and a stalled or dripping target costs a few time-outs, then exit 2 with what to change.</summary>
public class HostileTargetTests
{
    private static readonly string[] EightEntryPoints = ["1000", "1001", "1002", "1003", "1004", "1005", "1006", "1007"];

    // .NET refuses UTF-7 with NotSupportedException (an unknown name is an ArgumentException): a charset the target
    // chooses crashed the run, record, replay and every monitor cycle.
    [TestCase("utf-7")]
    [TestCase("x-no-such-charset")]
    public async Task A_charset_dotnet_will_not_decode_is_judged_not_an_internal_error(string charset)
    {
        await using var target = await FakeTarget.StartAsync(Answer(null, null, r => r with { ContentType = $"application/xml; charset={charset}" }));

        var run = await Runner.RunAsync(target.Url);

        // Browsers know no such label either (WHATWG Encoding) and read XML as UTF-8, its default: these ASCII answers
        // read as the reference server's do.
        run.Verdict.ExitCode.Should().Be(0, run.Console);
        run.Result.Findings.Should().Contain(f => f.Rule.Id == "ECE-GN-004" && f.Outcome == Outcome.Passed);
    }

    [Test]
    public async Task Unclosed_elements_at_eight_entry_points_keep_every_finding_an_excerpt_and_the_reports_small()
    {
        // ~21,800 unclosed elements, inside the body cap: the parser's message lists every one of them.
        var garbage = Repeat("<a>", 21_800);
        garbage.Length.Should().BeLessThan(TargetOptions.BodyCap);
        await using var target = await FakeTarget.StartAsync(async call => call.Operation is null || call.Operation == "survey" ? null : Xml(garbage));

        var run = await Runner.RunAsync(target.Url, o => o with { Checks = o.Checks with { EntryPoints = EightEntryPoints } });

        run.Verdict.ExitCode.Should().Be(1, "ECE-GN-004 fails: the bodies are not XML");
        run.Result.Findings.Should().OnlyContain(f => f.Message.Length <= CheckCall.MaxText + 1
            && (f.Actual ?? "").Length <= CheckCall.MaxText + 1 && (f.Expected ?? "").Length <= CheckCall.MaxText + 1);
        foreach (var report in new[] { "report.json", "report.html", "report.md", "report.junit.xml" })
        {
            new FileInfo(Path.Combine(run.ReportDirectory, report)).Length.Should().BeLessThan(4_000_000, $"{report} grows with the findings, not with the target's bytes");
        }
    }

    [Test]
    [CancelAfter(60_000)] // a hang guard only: what is sent bounds the time (below)
    public async Task A_target_that_never_answers_costs_a_few_timeouts_and_exits_2(CancellationToken cancel)
    {
        await using var target = await FakeTarget.StartAsync(Handle(null, null, async context =>
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); } catch (OperationCanceledException) { }
        }));

        var run = await Runner.RunAsync(target.Url, o => o with { Connection = o.Connection with { Timeout = TimeSpan.FromSeconds(1) } }, cancel);
        cancel.ThrowIfCancellationRequested();

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("--timeout");
        // Each request sent costs at most one time-out: bounding what is sent bounds the time, without a wall clock.
        Sent(run).Should().BeLessThanOrEqualTo(1 + Runner.Options(null).Connection.Concurrency + 3, "no more is sent once three requests got no answer");
    }

    [Test]
    [CancelAfter(60_000)] // a hang guard only: what is sent bounds the time (below)
    public async Task A_target_that_drips_a_byte_at_a_time_costs_a_few_timeouts_and_exits_2(CancellationToken cancel)
    {
        await using var target = await FakeTarget.StartAsync(Handle(null, null, async context =>
        {
            context.Response.ContentType = "application/xml";
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(" ", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException) { }
        }));

        var run = await Runner.RunAsync(target.Url, o => o with { Connection = o.Connection with { Timeout = TimeSpan.FromSeconds(1) } }, cancel);
        cancel.ThrowIfCancellationRequested();

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        Sent(run).Should().BeLessThanOrEqualTo(1 + Runner.Options(null).Connection.Concurrency + 3, "each request sent costs at most one time-out");
    }

    private static int Sent(Runner.Outcome run) => run.Result.Exchanges.Count(x => x.Failure != ExchangeFailure.Abandoned);
}
