using System.Text;
using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Ece.Spec;
using static Ece.Conformance.Button.VisitJudge;

namespace Ece.Conformance.Reports;

/// <summary>A step that shows why a rule failed, with the exchanges the reports show of it.</summary>
internal sealed record StepSection(StepResult Step, IReadOnlyList<(ApiCall Call, Exchange Exchange)> Exchanges);

/// <summary>The reports of a button check, in the runner's formats: a button check is a run whose target is a page,
/// whose findings are the ECE-CL rules, and whose notes say what each step showed. The JSON (same schema) and JUnit
/// reports are the runner's own; the Markdown and HTML reports add the steps, and for each step that shows why a rule
/// failed, what the page was answered and when.</summary>
internal static class ButtonReport
{
    public static readonly IReadOnlyList<string> Formats = [ReportFormats.Markdown, ReportFormats.Html, ReportFormats.Json, ReportFormats.JUnit];

    /// <summary>What --format is when not given: the reports a person reads.</summary>
    public static readonly IReadOnlyList<string> DefaultFormats = [ReportFormats.Markdown, ReportFormats.Html];

    /// <summary>The exchanges shown of a step that shows why a rule failed: its first ones and its last ones.</summary>
    private const int First = 3, Last = 7;

    /// <summary>The most entry-point ids of the page a report names (a page may ask for one per product).</summary>
    private const int MaxEntryPoints = 20;

    public static RunResult Result(ButtonOptions options, IReadOnlyList<StepResult> steps, IReadOnlyList<Judged> judged, DateTimeOffset started, TimeSpan duration)
    {
        var ids = steps.SelectMany(s => s.Calls).Select(c => c.PageId).Where(i => i.Length > 0).Distinct().Order(StringComparer.Ordinal).Take(MaxEntryPoints).ToList();
        var target = new PageTarget(options.Page.ToString(), ids, steps.Select(s => s.Step.Name).ToList());
        var exchanges = new List<Exchange>();
        var byStep = Implicated(steps, judged).ToDictionary(s => s.Step.Name, s => Exchanges(s, exchanges));
        var findings = judged.Select(j => j.Steps.Count == 0 ? j.Finding : j.Finding with { Exchanges = j.Steps.SelectMany(s => byStep[s]).Distinct().ToList() }).ToList();
        var notes = steps.Select(s => $"Step {s.Step.Name}: {Describe(s)}.").Prepend(
            $"A button check: the page was opened in headless Chromium once per step, on its own clock run forward (minutes of a visit in seconds), its ECE requests ({options.ApiPattern}) answered by the embedded reference server in the step's state or fault.").ToList();
        if (ButtonRun.NotRun(options, steps) is { } notRun)
        {
            notes.Add(NotRunNote + notRun);
        }
        return new RunResult(target, started, duration, findings, exchanges, [], Verdict.Judge(findings, [], retry: "Each step's story in the report says what the page did; run again once it can be judged."), notes);
    }

    /// <summary>The steps that show why a rule failed, in the order run.</summary>
    public static IReadOnlyList<StepResult> Implicated(IReadOnlyList<StepResult> steps, IReadOnlyList<Judged> judged)
    {
        var names = judged.SelectMany(j => j.Steps).ToHashSet();
        return steps.Where(s => names.Contains(s.Step.Name)).ToList();
    }

    /// <summary>The calls of a step that the reports show: its first and last ones.</summary>
    private static IReadOnlyList<ApiCall> ShownCalls(StepResult step) =>
        step.Calls.Count <= First + Last ? step.Calls : [.. step.Calls.Take(First), .. step.Calls.TakeLast(Last)];

    /// <summary>Each step that shows why a rule failed, with the exchanges shown of it (as <see cref="Result"/> made them).</summary>
    public static IReadOnlyList<StepSection> Sections(RunResult run, IReadOnlyList<StepResult> steps, IReadOnlyList<Judged> judged)
    {
        var exchanges = run.Exchanges.ToDictionary(x => x.Id);
        var next = 1;
        return Implicated(steps, judged).Select(s => new StepSection(s, ShownCalls(s).Select(c => (c, exchanges[next++])).ToList())).ToList();
    }

    /// <summary>A step's exchanges shown in the reports (its first and last ones), added to <paramref name="all"/>; their ids.</summary>
    private static List<int> Exchanges(StepResult step, List<Exchange> all)
    {
        var ids = new List<int>();
        foreach (var call in ShownCalls(step))
        {
            var headers = call.Accept is null ? [] : new[] { KeyValuePair.Create("Accept", call.Accept) };
            all.Add(new Exchange
            {
                Id = all.Count + 1, Method = call.Method, Url = call.Url, Operation = call.Operation, RequestHeaders = headers,
                Status = call.Status, ReasonPhrase = call.Fault, MediaType = call.MediaType, Body = call.Body,
                ElapsedMs = (long)call.At.TotalMilliseconds, Attempts = call.Fault is null ? 1 : 0,
            });
            ids.Add(all.Count);
        }
        return ids;
    }

    /// <summary>What one step showed, in one line: the requests, the answers, the changes, the button, what interrupted.</summary>
    public static string Describe(StepResult s)
    {
        var calls = Requests(s);
        return (s.LoadError is { } error ? error + "; " : "")
            + $"{(calls.Length == 0 ? "no request" : calls)} in {Seconds(s.Duration)} of page time; answers say {Says(s)}"
            + string.Concat(s.Changes.Select(c => $"; ECE changed to {c.To} at {Seconds(c.At)}"))
            + $"; button {ButtonJudge.Shown(s.ButtonVisible)}"
            + string.Concat(s.Interruptions.Take(3).Select(i => $"; {i.Kind} at {Seconds(i.At)}: \"{i.Text}\""))
            + (s.Errors.Count > 0 ? $"; script error: {s.Errors[0]}" : "") + (s.NotClicked is { } click ? $"; could not click {click}" : "");
    }

    /// <summary>The page's requests in a step, counted by operation, Accept and query.</summary>
    private static string Requests(StepResult s) =>
        string.Join("; ", s.Calls.GroupBy(c => (c.Operation, c.Accept, c.Query)).Select(g => $"{g.Count()} × {g.Key.Operation} ({g.Key.Accept ?? "no Accept"}{(g.Key.Query.Length > 0 ? ", " + g.Key.Query : "")})"));

    private static string Says(StepResult s) => ButtonJudge.Expected(s) switch { true => "a chat can start", false => "no chat", null => "nothing readable" };

    /// <summary>How often the page asked in the step, per operation: the rate and the busiest window.</summary>
    internal static string Rate(StepResult s)
    {
        var rates = HabitsJudge.Rates([s]).ToList();
        return rates.Count == 0 ? "once or not at all" : string.Join(", ", rates.Select(r => $"{r.Operation} {r.PerMinute:0.#}/min (busiest {Seconds(HabitsJudge.Window)}: {r.Busiest})"));
    }

    /// <summary>Writes the reports among <paramref name="formats"/> and a screenshot per step; returns the reports' paths.</summary>
    public static IReadOnlyList<string> Write(RunResult run, IReadOnlyList<StepResult> steps, IReadOnlyList<Judged> judged, string directory, IReadOnlyCollection<string> formats)
    {
        var sections = Sections(run, steps, judged);
        var written = ReportWriter.Write(run, ReportModel.From(run, EceSpec.Default), directory, formats.Where(f => f is ReportFormats.Json or ReportFormats.JUnit).ToList()).ToList();
        foreach (var step in steps.Where(s => s.Screenshot.Length > 0))
        {
            File.WriteAllBytes(Path.Combine(directory, Screenshot(step)), step.Screenshot);
        }
        foreach (var (format, file, render) in new (string, string, Func<RunResult, IReadOnlyList<StepResult>, IReadOnlyList<StepSection>, string>)[] { (ReportFormats.Html, ReportFormats.HtmlFile, ButtonHtml.Render), (ReportFormats.Markdown, ReportFormats.MarkdownFile, Markdown) })
        {
            if (formats.Contains(format))
            {
                var path = Path.Combine(directory, file);
                File.WriteAllText(path, render(run, steps, sections));
                written.Add(path);
            }
        }
        return written;
    }

    internal static string Screenshot(StepResult step) => $"step-{step.Step.Name}.png";

    /// <summary>The scenario the reference server was in when the page sent <paramref name="call"/>: the step's, or
    /// the one it changed to (null while the checker served a fault).</summary>
    internal static string? ScenarioAt(StepResult step, ApiCall call) =>
        call.Fault is not null ? null : step.Changes.LastOrDefault(c => c.At < call.At && c.Healthy)?.To ?? step.Step.Scenario;

    /// <summary>A command that asks the reference server what the page was answered (faults are the checker's own).</summary>
    internal static string ReplayLine(StepResult step, ApiCall call, Exchange x) =>
        ScenarioAt(step, call) is { } scenario
            ? $"{Replay.Curl(x with { Url = new Uri(LocalServer, EceSpec.Default.Operation(call.Operation) is { Request: null } o ? o.Path(EceSpec.Default.DefaultBasePath, EceSpec.Default.ExampleEntryPoint.ToString(System.Globalization.CultureInfo.InvariantCulture)) : x.Url).ToString() })}   # reference server, --scenario {scenario}"
            : $"# served by the checker: {call.Fault}";

    /// <summary>What the page was answered, in words: the checker's fault (it names its status), or the status and
    /// media type served.</summary>
    internal static string Answer(ApiCall call) =>
        call.Fault ?? (call.Status is { } status ? $"{status} {call.MediaType}" : "no answer");

    private const string NotRunNote = "Steps not run: ";

    /// <summary>The note on the steps a check did not run and why, or null when it ran them all.</summary>
    public static string? NotRun(RunResult run) => run.Notes.FirstOrDefault(n => n.StartsWith(NotRunNote, StringComparison.Ordinal));

    /// <summary>Where the README starts the reference server (dotnet run --project reference-server -- --urls …).</summary>
    internal static readonly Uri LocalServer = new("http://127.0.0.1:8080");

    public static string Markdown(RunResult run, IReadOnlyList<StepResult> steps, IReadOnlyList<StepSection> sections)
    {
        var (_, mark, _) = Verdicts.OfVerdict(run.Verdict.ExitCode);
        var text = new StringBuilder($"## {mark}: chat button of {ReportText.Cell(run.Target.Url)}, {run.Verdict.Word}\n\n")
            .AppendLine(ReportText.Text(run.Verdict.Summary)).AppendLine()
            .AppendLine(ReportText.Text(Verdicts.Counts(Summary.Count(run.Findings))) + ".").AppendLine()
            .Append(NotRun(run) is { } notRun ? ReportText.Text(notRun) + "\n\n" : "")
            .AppendLine("| Rule | Level | Result | Finding |").AppendLine("|---|---|---|---|");
        foreach (var f in run.Findings)
        {
            text.AppendLine($"| {f.Rule.Id} | {f.Rule.LevelText} | {Verdicts.Label(Verdicts.ResultOf(f))} | {ReportText.Text(f.Message)} |");
        }
        text.AppendLine().AppendLine("| Step | Requests (operation, Accept, query) | Page time | How often | Changes | Answers say | Button | Screenshot |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            var shot = s.Screenshot.Length > 0 ? $"![{s.Step.Name}]({Screenshot(s)})" : "none (the page did not paint in time)";
            var changes = s.Changes.Count == 0 ? "none" : string.Join(", ", s.Changes.Select(c => $"{c.To} at {Seconds(c.At)}"));
            text.AppendLine($"| {s.Step.Name} | {ReportText.Text(Requests(s))} | {Seconds(s.Duration)} | {ReportText.Text(Rate(s))} | {changes} | {Says(s)} | {ButtonJudge.Shown(s.ButtonVisible)} | {shot} |");
        }
        foreach (var section in sections)
        {
            text.AppendLine().AppendLine($"### What the page was answered: {section.Step.Step.Name}").AppendLine()
                .AppendLine(ReportText.Text(ButtonHtml.Story(section.Step))).AppendLine();
            foreach (var (call, x) in section.Exchanges)
            {
                text.AppendLine($"- at {Seconds(call.At)}: `{call.Method} {ReportText.Cell(call.Url)}` → {ReportText.Cell(Answer(call))}")
                    .AppendLine($"  ```\n  {ReportText.Cell(SafeXml.Cut(call.Body ?? "(no body)", 300))}\n  ```")
                    .AppendLine($"  `{ReportText.Cell(ReplayLine(section.Step, call, x))}`");
            }
        }
        return text.ToString();
    }
}
