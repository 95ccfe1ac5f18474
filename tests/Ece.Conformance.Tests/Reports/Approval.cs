using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Reports;

/// <summary>The one approval helper: an output a person reads is compared whole with its approved file in
/// Reports/Approved. A change fails with the first differing line and leaves the new text beside the approved one
/// (*.received.*); ECE_APPROVE=1 accepts it. Outputs are made on a fake clock (<see cref="Clock"/>), so times and
/// durations are pinned as they are; only what no clock of the test's sets is replaced: the ports of loopback
/// servers (the system picks them) and the Date header a server sends (Kestrel's own clock).</summary>
internal static partial class Approval
{
    /// <summary>When every approved run starts.</summary>
    public static readonly DateTimeOffset StartedAt = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A clock that stands at <see cref="StartedAt"/> unless a test moves it: every duration of a run on
    /// it is 0 ms, every time its start.</summary>
    public static FakeTimeProvider Clock() => new(StartedAt);

    public static void Verify(string name, string text)
    {
        var received = Ports().Replace(HttpDates().Replace(text.ReplaceLineEndings("\n"), "HTTP-DATE"), "127.0.0.1${sep}PORT");
        var path = RepositoryFiles.Path("tests", "Ece.Conformance.Tests", "Reports", "Approved", name);
        if (Environment.GetEnvironmentVariable("ECE_APPROVE") == "1")
        {
            File.WriteAllText(path, received);
            return;
        }
        var approved = File.Exists(path) ? File.ReadAllText(path) : "";
        if (approved != received)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received" + Path.GetExtension(path)), received);
        }
        var (expected, actual) = FirstDifference(approved, received);
        actual.Should().Be(expected, $"{name} differs from the approved file (see *.received beside it; ECE_APPROVE=1 accepts it)");
    }

    private static (string, string) FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var (x, y) = (a.ElementAtOrDefault(i) ?? "(end)", r.ElementAtOrDefault(i) ?? "(end)");
            if (x != y)
            {
                return ($"line {i + 1}: {x}", $"line {i + 1}: {y}");
            }
        }
        return ("", "");
    }

    /// <summary>A loopback address with its port, as a URL (127.0.0.1:5123) or a folder name (127.0.0.1-5123).</summary>
    [GeneratedRegex(@"127\.0\.0\.1(?<sep>[:-])\d+")]
    private static partial Regex Ports();

    [GeneratedRegex(@"\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b")]
    private static partial Regex HttpDates();
}
