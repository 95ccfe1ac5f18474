using Ece.Spec;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Running;

/// <summary>A run that tested the wrong thing (no API under the base path, entry points the target does not know,
/// answers cut off by --timeout) is no verdict: exit 2, with what to change.</summary>
public class DiagnosisTests
{
    private static readonly string Default = EceSpec.Default.DefaultBasePath;

    [Test]
    public async Task An_api_served_under_another_base_path_exits_2_naming_the_base_path_to_use()
    {
        await using var target = await FakeTarget.StartAsync(ServedUnder("/system/ws"));

        var run = await Runner.RunAsync(target.Url);

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("--base-path /system/ws");
        run.Console.Should().Contain("/system/ws", "the console shows the hint");
    }

    [Test]
    public async Task The_same_api_with_its_base_path_given_is_judged()
    {
        await using var target = await FakeTarget.StartAsync(ServedUnder("/system/ws"));

        var run = await Runner.RunAsync(target.Url, o => o with { Checks = o.Checks with { BasePath = "/system/ws" } });

        run.Verdict.ExitCode.Should().Be(0, run.Console);
    }

    [Test]
    public async Task A_host_without_the_api_anywhere_exits_2_and_says_where_it_looked()
    {
        await using var target = await FakeTarget.StartAsync(async _ => new Reply(404, "text/html", "<h1>Not Found</h1>"));

        var run = await Runner.RunAsync(target.Url);

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("/system/ws").And.Contain("/webchatprod/egain").And.Contain("--base-path");
    }

    [Test]
    public async Task An_entry_point_the_target_does_not_know_exits_2_naming_it()
    {
        var run = await Runner.RunAsync(null, o => o with { Checks = o.Checks with { EntryPoints = ["4242"] } });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("4242").And.Contain("--entry-point");
    }

    [Test]
    public async Task An_unknown_entry_point_beside_a_known_one_is_a_note_and_the_known_one_is_judged()
    {
        var run = await Runner.RunAsync(null, o => o with { Checks = o.Checks with { EntryPoints = [Example, "4242"] } });

        run.Verdict.ExitCode.Should().Be(0, run.Console);
        run.Result.Notes.Should().Contain(n => n.Contains("4242", StringComparison.Ordinal));
    }

    [Test]
    public async Task Answers_cut_off_by_the_timeout_exit_2_with_the_timeout_to_use()
    {
        await using var target = await FakeTarget.StartAsync(Slow(TimeSpan.FromSeconds(1.5)));

        var run = await Runner.RunAsync(target.Url, o => o with { Connection = o.Connection with { Timeout = TimeSpan.FromSeconds(0.5) } });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("--timeout");
    }

    [TestCase(403, "--header")]
    [TestCase(401, "--header")]
    [TestCase(301, "redirected")]
    public async Task A_target_that_refuses_or_redirects_every_get_exits_2_with_what_to_change(int status, string says)
    {
        await using var target = await FakeTarget.StartAsync(async call =>
        {
            call.Context.Response.Headers.Location = "https://ece.example.com/";
            return new Reply(status, "text/html", "<h1>No</h1>");
        });

        var run = await Runner.RunAsync(target.Url);

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain(says);
    }

    [Test]
    public async Task A_catch_all_page_under_the_wrong_base_path_exits_2_naming_the_right_one()
    {
        var api = ServedUnder("/system/ws");
        await using var target = await FakeTarget.StartAsync(async call =>
            call.Context.Request.Path.StartsWithSegments("/system/ws") ? await api(call) : new Reply(200, "text/html", "<html><body>Welcome</body></html>"));

        var run = await Runner.RunAsync(target.Url);

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("--base-path /system/ws");
    }

    [Test]
    public async Task A_deadline_that_cuts_off_answers_is_exit_2_with_reports()
    {
        await using var target = await FakeTarget.StartAsync(Slow(TimeSpan.FromSeconds(1)));

        var run = await Runner.RunAsync(target.Url, o => o with { Deadline = TimeSpan.FromSeconds(1.5) });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        File.Exists(Path.Combine(run.ReportDirectory, "report.json")).Should().BeTrue();
    }

    /// <summary>The reference server's answers, each after <paramref name="delay"/>.</summary>
    private static Mutation Slow(TimeSpan delay) => async call =>
    {
        await Task.Delay(delay, call.Context.RequestAborted);
        return null;
    };
}
