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

        page.Should().Contain("100 more rows").And.Contain(MonitorMetrics.Cut(down), "a target down comes first, though last by name");
        page.Should().NotContain(MonitorMetrics.Cut(targets[^2]), "the rows past the limit are left out");
    }
}
