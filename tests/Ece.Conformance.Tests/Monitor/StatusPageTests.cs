using Ece.Conformance.Monitor;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>The status page is bounded, whatever the number of targets, and leads with what needs a person.</summary>
public class StatusPageTests
{
    [Test]
    public void A_page_of_many_targets_shows_at_most_its_rows_and_the_down_ones_first()
    {
        var targets = Enumerable.Range(0, StatusPage.MaxRows + 100).Select(i => new Uri($"http://ece{i:0000}.example/")).ToList();
        var state = new MonitorState(targets, ["1000"]);
        var down = targets[^1];
        state.Apply(new CycleResult(down, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), false, "connection refused", [], [], new Dictionary<string, ButtonState>()),
            TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        var page = StatusPage.Render(state.Snapshot(), RunningMonitor.SettingsFor(targets));

        page.Should().Contain("100 more rows").And.Contain(MonitorMetrics.TargetLabel(down), "a target down comes first, though last by name");
        page.Should().NotContain(MonitorMetrics.TargetLabel(targets[^2]), "the rows past the limit are left out");
    }

    [Test]
    public void A_row_whose_must_rule_fails_is_marked_though_its_button_is_shown_and_a_misconfigured_target_says_what_to_change()
    {
        var state = new MonitorState([Cycles.Target], [Cycles.EntryPoint]);
        var shown = new Dictionary<string, ButtonState> { [Cycles.EntryPoint] = new(ButtonShown.Shown, null, false) };
        state.Apply(Cycles.Of(Ece.Conformance.Checks.Outcome.Failed, 1) with { Buttons = shown }, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        var failing = StatusPage.Render(state.Snapshot(), RunningMonitor.SettingsFor([Cycles.Target]));
        state = new MonitorState([Cycles.Target], [Cycles.EntryPoint]); // never read healthy: a set-up to change
        state.Apply(Cycles.Of(Ece.Conformance.Checks.Outcome.Untestable, 2) with { Misconfigured = new Misconfiguration("base_path", "run again with --base-path /system/ws") },
            TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        var wrong = StatusPage.Render(state.Snapshot(), RunningMonitor.SettingsFor([Cycles.Target]));

        failing.Should().Contain("<tr class=\"must\">").And.Contain("a MUST rule fails").And.Contain(">shown<");
        wrong.Should().Contain("<tr class=\"misconfigured\">").And.Contain("misconfigured (base_path): run again with --base-path /system/ws");
    }
}
