using Ece.Conformance.Checks;
using Ece.Conformance.Commands;
using Ece.Conformance.Http;
using Ece.ReferenceServer;
using Ece.Spec;
using Microsoft.Playwright;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Har;

/// <summary>Real traffic in: a HAR recorded from a server (by the record command, or by a real browser) is judged as
/// the live server is, among the rules a HAR can judge; what it does not hold is skipped, never failed.</summary>
[NonParallelizable]
public class HarRunTests
{
    private static readonly string Example = EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One round of the record command against <paramref name="target"/>, into a fresh file.</summary>
    internal static async Task<string> RecordAsync(Uri target)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ece-har").FullName, "recorded.har");
        var checks = new CheckSettings { BasePath = EceSpec.Default.DefaultBasePath, EntryPoints = [Example], InvalidEntryPoint = EceSpec.UnknownEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var code = await RecordCommand.ExecuteAsync(target, checks, new TargetOptions { Retries = 0 }, TimeSpan.Zero, TimeSpan.FromSeconds(1), path, TextWriter.Null, TimeProvider.System, CancellationToken.None);
        code.Should().Be(0);
        return path;
    }

    private static Task<Runner.Outcome> JudgeAsync(params string[] har) => Runner.RunAsync((Uri?)null, o => o with { Har = har });

    private static IEnumerable<TestCaseData> Servers()
    {
        yield return new TestCaseData("legal", (Mutation)(_ => Task.FromResult<Reply?>(null)), Array.Empty<string>());
        yield return new TestCaseData("a negative capacity", Replace("capacity", ">4<", ">-1<"), new[] { "ECE-CP-001" });
        yield return new TestCaseData("a non-boolean available", Replace("agentAvailability", "available=\"true\"", "available=\"yes\""), new[] { "ECE-AV-001" });
        yield return new TestCaseData("the wrong root name", Replace("chatAllowed", "<chatAllowed ", "<chatallowed "), new[] { "ECE-GN-006" });
        // Recorded cut at the cap (the HAR keeps the first bytes and says the size): judged too large, not malformed.
        yield return new TestCaseData("an answer larger than the cap", Answer("capacity", Example, r => r with { Body = r.Body.Replace("?>", "?><!--" + new string('x', 70_000) + "-->", StringComparison.Ordinal) }), new[] { "ECE-GN-013" });
    }

    [TestCaseSource(nameof(Servers))]
    public async Task A_recording_is_judged_as_the_live_server_is(string name, Mutation mutation, string[] failed)
    {
        await using var server = await FakeTarget.StartAsync(mutation);
        var live = await Runner.RunAsync(server.Url);
        var har = await RecordAsync(server.Url);

        var judged = await JudgeAsync(har);

        judged.Failed(RuleLevel.Must).Should().Equal(failed, judged.Console);
        failed.Should().BeSubsetOf(live.Failed(RuleLevel.Must), "the live run fails them too");
        judged.Verdict.ExitCode.Should().Be(failed.Length == 0 ? 0 : 1, judged.Console);
        judged.Result.Findings.Should().Contain(f => f.Outcome == Outcome.Skipped && f.Message.StartsWith("Not in the HAR", StringComparison.Ordinal), "a survey, an OPTIONS, another Accept were never recorded");
        judged.Result.Notes.Should().Contain(n => n.StartsWith("Judged from 12 chat API exchanges recorded by ece-conformance", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_recording_named_by_a_relative_path_is_reported_as_a_recording_of_the_origin_it_was_recorded_from()
    {
        await using var server = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        var har = Path.GetRelativePath(Environment.CurrentDirectory, await RecordAsync(server.Url));

        // As a user types it (--har ece.har): the JUnit report once took the file's name for a URL and crashed.
        var judged = await JudgeAsync(har);

        judged.Verdict.ExitCode.Should().Be(0, judged.Console);
        var target = judged.Result.Target.Should().BeOfType<Ece.Conformance.Running.RecordingTarget>().Subject;
        target.Url.Should().Be(server.Url.GetLeftPart(UriPartial.Authority));
        target.Recordings.Should().Equal(har);
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(judged.ReportDirectory, "report.json")));
        report!["target"]!["kind"]!.GetValue<string>().Should().Be("recording");
        Reports.ReportTests.SchemaErrors(report).Should().BeEmpty();
        File.ReadAllText(Path.Combine(judged.ReportDirectory, "report.junit.xml")).Should().Contain($"hostname=\"{server.Url.Host}\"");
    }

    [Test]
    public async Task A_har_a_real_browser_recorded_from_the_sample_page_is_judged()
    {
        await using var server = await LoopbackApp.ReferenceServerAsync("default", TimeProvider.System);
        var har = Path.Combine(Directory.CreateTempSubdirectory("ece-har").FullName, "chromium.har");
        await using (var chromium = Browser.Chromium.Find(null))
        {
            var context = await chromium.ContextAsync(recordHar: har);
            var page = await context.NewPageAsync();
            // Finished, not only answered: the HAR gets an entry once its body is read, and a context closed between
            // the two (a loaded machine) wrote a HAR without it.
            var asked = page.WaitForRequestFinishedAsync(new PageWaitForRequestFinishedOptions { Predicate = r => r.Url.Contains(EceSpec.Default.OperationsPath, StringComparison.Ordinal) });
            await page.GotoAsync(new Uri(server.Url, EceSpec.Default.ChatButton.Path).ToString());
            await asked;
            await context.CloseAsync(); // writes the HAR
        }

        var judged = await JudgeAsync(har);

        judged.Verdict.ExitCode.Should().Be(0, judged.Console);
        judged.Result.Notes.Should().Contain(n => n.Contains("recorded by Playwright", StringComparison.Ordinal));
    }

    [TestCase("{\"log\":{\"entries\":[{\"request\":", "truncated")]
    [TestCase("{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-12-01T10:00:00Z\",\"time\":1,\"request\":{\"method\":\"GET\",\"url\":\"https://cdn.example.com/app.js\",\"headers\":[]},\"response\":{\"status\":200,\"headers\":[],\"content\":{\"mimeType\":\"text/javascript\",\"text\":\"1\"}}}]}}", "no answer of the chat API")]
    public async Task A_file_that_is_no_har_or_holds_no_chat_api_answer_exits_2_with_the_hint(string text, string said)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ece-har").FullName, "bad.har");
        await File.WriteAllTextAsync(path, text);

        var run = () => JudgeAsync(path);

        (await run.Should().ThrowAsync<UsageException>()).WithMessage($"*{said}*");
    }

    [Test]
    public async Task Replayed_answers_are_byte_identical_to_the_recorded_ones()
    {
        await using var server = await FakeTarget.StartAsync(Answer("capacity", Example, r => r with { ContentType = "text/xml; charset=ISO-8859-1", Body = r.Body.Replace("?>", "?><!-- recorded é -->", StringComparison.Ordinal) }));
        var har = await RecordAsync(server.Url);
        using var http = new HttpClient();
        var path = EceSpec.Default.Operation("capacity").Path(EceSpec.Default.DefaultBasePath, Example);
        var live = await http.GetByteArrayAsync(new Uri(server.Url, path));
        await using var replay = await LoopbackApp.ReferenceServerAsync("default", TimeProvider.System, ["--replay", har]);

        var replayed = await http.GetAsync(new Uri(replay.Url, path));

        (await replayed.Content.ReadAsByteArrayAsync()).Should().Equal(live);
        replayed.Content.Headers.ContentType!.ToString().Should().Be("text/xml; charset=ISO-8859-1");
        await using var plain = await LoopbackApp.ReferenceServerAsync("default", TimeProvider.System);
        var unknown = EceSpec.Default.Operation("capacity").Path(EceSpec.Default.DefaultBasePath, "4242");
        XmlAssert.SameDocument(await http.GetStringAsync(new Uri(plain.Url, unknown)), await http.GetStringAsync(new Uri(replay.Url, unknown)), "an id never recorded is answered as the spec's invalid entry point");
    }
}
