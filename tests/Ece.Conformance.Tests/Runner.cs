using System.Diagnostics;
using Ece.Conformance.Checks;
using Ece.Conformance.Commands;
using Ece.Conformance.Http;
using Ece.Conformance.Running;
using Ece.Spec;
using Spectre.Console;

namespace Ece.Conformance.Tests;

/// <summary>Runs the runner in this process, as the CLI does, and keeps what it found.</summary>
internal static class Runner
{
    public sealed record Outcome(Verdict Verdict, RunResult Result, string Console, TimeSpan Elapsed, string ReportDirectory)
    {
        public IEnumerable<string> Failed(RuleLevel level) =>
            Result.Findings.Where(f => f.Outcome == Ece.Conformance.Checks.Outcome.Failed && f.Rule.Level == level && !f.KnownFailure).Select(f => f.Rule.Id).Distinct().Order();
    }

    public static RunOptions Options(Uri? target, Func<RunOptions, RunOptions>? change = null)
    {
        var options = new RunOptions
        {
            Targets = target is null ? [] : [target],
            Checks = new CheckSettings
            {
                BasePath = EceSpec.Default.DefaultBasePath,
                EntryPoints = [EceSpec.Default.ExampleEntryPoint.ToString()],
                InvalidEntryPoint = long.MaxValue.ToString(),
            },
            Connection = new TargetOptions { Timeout = TimeSpan.FromSeconds(5) },
            Deadline = TimeSpan.FromSeconds(60),
            ReportDirectory = Path.Combine(Path.GetTempPath(), "ece-runner-tests", Guid.NewGuid().ToString("N")),
            Formats = ["console", "json", "junit", "html", "markdown"],
            Time = TimeProvider.System, // real servers, real requests
        };
        return change is null ? options : change(options);
    }

    public static async Task<Outcome> RunAsync(RunOptions options, CancellationToken cancel = default)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var clock = Stopwatch.StartNew();
        var (verdict, result) = await RunCommand.RunAsync(options, console, cancel);
        return new Outcome(verdict, result!, output.ToString(), clock.Elapsed, options.ReportDirectory);
    }

    public static Task<Outcome> RunAsync(Uri? target, Func<RunOptions, RunOptions>? change = null, CancellationToken cancel = default) =>
        RunAsync(Options(target, change), cancel);
}
