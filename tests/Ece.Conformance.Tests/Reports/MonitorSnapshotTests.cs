using Ece.Conformance.Checks;
using Ece.Conformance.Monitor;
using Ece.Conformance.Tests.Monitor;
using Microsoft.Extensions.Time.Testing;

namespace Ece.Conformance.Tests.Reports;

/// <summary>What a person reads of the monitor, pinned like the check command's outputs: the status page, /metrics of
/// a fixed state and the change lines, for one target whose MUST rule fails while its button shows, one hidden for a
/// business reason, and one set up wrong, all on the approval clock.</summary>
[NonParallelizable]
public class MonitorSnapshotTests
{
    private static readonly DateTimeOffset At = Approval.StartedAt;
    private static readonly Uri Failing = new("http://ece1.example/"), Full = new("http://ece2.example/"), Wrong = new("http://ece3.example/");

    private static (MonitorState State, List<ChangeEvent> Changes, MonitorSettings Settings) Fixed()
    {
        var state = new MonitorState([Failing, Full, Wrong], [Cycles.EntryPoint]);
        var changes = new List<ChangeEvent>();
        var reason = ButtonState.ReasonField(Ece.Spec.EceSpec.Default).Members.First(m => m.Business == true);
        var interval = TimeSpan.FromSeconds(15);
        foreach (var cycle in new[]
        {
            Cycles.Of(Outcome.Failed, 0) with { Target = Failing, At = At, Buttons = new Dictionary<string, ButtonState> { [Cycles.EntryPoint] = new(ButtonShown.Shown, null, false) } },
            Cycles.Of(Outcome.Passed, 0) with { Target = Full, At = At, Buttons = new Dictionary<string, ButtonState> { [Cycles.EntryPoint] = new(ButtonShown.Hidden, reason.Value, true) } },
            Cycles.Of(Outcome.Untestable, 0) with { Target = Wrong, At = At, Misconfigured = new Misconfiguration("base_path", "No operation is served under /system/ws (every GET answered 404), but chatAllowed answers 200 under /system/egain: run again with --base-path /system/egain.") },
        })
        {
            changes.AddRange(state.Apply(cycle, interval, TimeSpan.FromMinutes(5)));
        }
        var settings = RunningMonitor.SettingsFor([Failing, Full, Wrong], s => s with { Time = new FakeTimeProvider(At.AddSeconds(5)), Interval = interval });
        return (state, changes, settings);
    }

    [Test]
    public void The_status_page_reads_as_approved()
    {
        var (state, _, settings) = Fixed();

        Approval.Verify("monitor.status.html", StatusPage.Render(state.Snapshot(), settings).Replace("><", ">\n<", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_state_families_of_metrics_read_as_approved()
    {
        var (state, _, _) = Fixed();
        using var output = new MemoryStream();

        await StateExposition.WriteAsync(output, state.Snapshot(), CancellationToken.None);

        Approval.Verify("monitor.metrics.txt", System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>What /probe adds to the state's families: one cycle's gauges, with two answers of one operation, one
    /// of them over the budget.</summary>
    [Test]
    public async Task The_probe_families_read_as_approved()
    {
        var cycle = Cycles.Of(Outcome.Passed, 0) with
        {
            At = At,
            Requests = [(Cycles.Operation, TimeSpan.FromMilliseconds(250)), (Cycles.Operation, TimeSpan.FromSeconds(6))],
            Buttons = new Dictionary<string, ButtonState> { [Cycles.EntryPoint] = new(ButtonShown.Shown, null, false) },
        };
        using var output = new MemoryStream();

        await StateExposition.WriteProbeAsync(output, cycle, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), CancellationToken.None);

        Approval.Verify("monitor.probe.txt", System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    [Test]
    public void The_change_lines_read_as_approved()
    {
        var (_, changes, _) = Fixed();

        Approval.Verify("monitor.changes.jsonl", string.Join("\n", changes.Select(c => c.ToJson())) + "\n");
    }
}
