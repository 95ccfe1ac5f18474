using System.Text.RegularExpressions;

namespace Ece.Conformance.Tests.Architecture;

/// <summary>Time comes from a TimeProvider given by a composition root (issue 25): below the roots nothing reads the
/// system clock or waits on real time by itself, and no TimeProvider is optional, so a test's FakeTimeProvider reaches
/// every time-out, back-off and deadline, and no test has to wait for them. Read from the source files, as
/// LayeringTests reads the layers.</summary>
public partial class TimeSourceTests
{
    [Test]
    public void Time_comes_from_a_TimeProvider_given_by_a_composition_root()
    {
        // One line per violation, all of them: the assertion on a list would name only the first.
        var found = string.Join(Environment.NewLine, Violations(RepositoryFiles.Root, RepositoryFiles.ProductFolders));

        found.Should().BeEmpty("below the composition roots a TimeProvider is required and passed down (README, Time is injected)");
    }

    [Test]
    public void A_clock_read_below_the_roots_is_found_with_its_file_and_line()
    {
        var root = Directory.CreateTempSubdirectory("time").FullName;
        Write(root, "conformance/Http/Client.cs", """
            namespace Ece.Conformance.Http;
            // TimeProvider.System in a comment is no use of it
            class Client(TimeProvider? time = null)
            {
                TimeProvider _time = time ?? TimeProvider.System;
                DateTimeOffset At => DateTimeOffset.UtcNow;
                Task Wait(CancellationToken cancel) => Task.Delay(TimeSpan.FromSeconds(1), cancel);
                Task Bounded(CancellationToken cancel) => Task.Delay(TimeSpan.FromSeconds(1), _time, cancel);
                void Bound() { using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(1)); }
                void Clocked() { using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time); }
            }
            """);

        Violations(root, ["conformance"]).Select(v => v[..v.IndexOf(' ', StringComparison.Ordinal)]).Should().Equal(
            "conformance/Http/Client.cs:3:", "conformance/Http/Client.cs:5:", "conformance/Http/Client.cs:6:", "conformance/Http/Client.cs:7:", "conformance/Http/Client.cs:9:");
    }

    [Test]
    public void A_composition_root_may_choose_the_system_clock_but_not_make_a_clock_optional()
    {
        var root = Directory.CreateTempSubdirectory("time").FullName;
        Write(root, "conformance/Program.cs", "var time = TimeProvider.System;\n");
        Write(root, "conformance/Commands/RunCommand.cs", "class RunCommand { TimeProvider Time = TimeProvider.System; void Run(TimeProvider? time = null) { } }\n");
        Write(root, "reference-server/ReferenceServerApp.cs", "class App { object Time = TimeProvider.System; }\n");
        Write(root, "conformance/Commands/RunOptions.cs", "class RunOptions { TimeProvider Time = TimeProvider.System; }\n");

        Violations(root, ["conformance", "reference-server"]).Should().BeEquivalentTo(
            "conformance/Commands/RunCommand.cs:1: makes its TimeProvider optional: make it a required parameter or init property",
            "conformance/Commands/RunOptions.cs:1: reads the system clock below the composition roots: take the TimeProvider the root gives");
    }

    private static void Write(string root, string path, string text)
    {
        var file = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    /// <summary>Each rule broken, as "path:line: what is wrong", paths relative to <paramref name="root"/>.</summary>
    private static IEnumerable<string> Violations(string root, IEnumerable<string> folders)
    {
        foreach (var file in RepositoryFiles.Sources(root, folders))
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var problem in Problems(lines[i], IsCompositionRoot(file)))
                {
                    yield return $"{file}:{i + 1}: {problem}";
                }
            }
        }
    }

    /// <summary>Where a process starts, and so where the system clock is chosen; and the timing log, a diagnostic of
    /// wall time since the process started, off unless ECE_CONFORMANCE_TIMING is set.</summary>
    private static bool IsCompositionRoot(string file) =>
        Path.GetFileName(file) == "Program.cs"
        || RootCommand().IsMatch(file)
        || file is "reference-server/ReferenceServerApp.cs" or "conformance/Timing.cs";

    private static IEnumerable<string> Problems(string line, bool root)
    {
        if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            yield break; // a comment may name what the code must not do
        }
        if (OptionalClock().IsMatch(line))
        {
            yield return "makes its TimeProvider optional: make it a required parameter or init property";
        }
        if (root)
        {
            yield break;
        }
        if (ClockRead().IsMatch(line))
        {
            yield return "reads the system clock below the composition roots: take the TimeProvider the root gives";
        }
        if (RealTimeWait().IsMatch(line) || Timers().Matches(line).Any(m => !ClockArgument().IsMatch(Arguments(line, m.Index + m.Length))))
        {
            yield return "waits on real time: give the wait the TimeProvider (Task.Delay(delay, time, cancel), new CancellationTokenSource(delay, time))";
        }
    }

    /// <summary>The arguments of the call whose "(" ends just before <paramref name="start"/>, to its ")" or the line's end.</summary>
    private static string Arguments(string line, int start)
    {
        var depth = 1;
        for (var i = start; i < line.Length; i++)
        {
            depth += line[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return line[start..i];
            }
        }
        return line[start..];
    }

    [GeneratedRegex(@"^conformance/Commands/[^/]+Command\.cs$")]
    private static partial Regex RootCommand();

    [GeneratedRegex(@"\bTimeProvider\?\s+\w+\s*=\s*(null|default)\b")]
    private static partial Regex OptionalClock();

    [GeneratedRegex(@"\bTimeProvider\.System\b|\bDateTime(Offset)?\.(Utc)?Now\b|\bDateTime\.Today\b|\bStopwatch\b|\bEnvironment\.TickCount(64)?\b|\?\?\s*TimeProvider\b")]
    private static partial Regex ClockRead();

    // Waits that take no TimeProvider at all: always the system clock.
    [GeneratedRegex(@"\bThread\.Sleep\(|\bnew\s+(System\.Threading\.)?Timer\(|\.CancelAfter\(")]
    private static partial Regex RealTimeWait();

    // Waits that take a TimeProvider when given one: Task.Delay, a CancellationTokenSource with a delay, a PeriodicTimer.
    [GeneratedRegex(@"\bTask\.Delay\(|\bnew\s+(CancellationTokenSource|PeriodicTimer)\((?=\s*[^)\s])|\bCancellationTokenSource\s+\w+\s*=\s*new\((?=\s*[^)\s])")]
    private static partial Regex Timers();

    // The clock handed to a wait: time, _time, or an options' Time (options.Time, settings.Time).
    [GeneratedRegex(@"(?<![\w.])_?time\b|\.Time\b")]
    private static partial Regex ClockArgument();
}
