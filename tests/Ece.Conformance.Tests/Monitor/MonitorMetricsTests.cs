using Ece.Conformance.Monitor;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>/metrics serves a bounded number of readers at once: a crowd of scrapers, or clients that never read,
/// cannot grow the monitor.</summary>
public class MonitorMetricsTests
{
    [Test]
    public void Readers_beyond_the_bound_are_turned_away_until_one_leaves()
    {
        using var metrics = new MonitorMetrics(new MonitorState([], []), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        var readers = Enumerable.Range(0, MonitorMetrics.MaxReaders).Select(_ => metrics.EnterReader()).ToList();

        readers.Should().OnlyContain(r => r != null);
        metrics.EnterReader().Should().BeNull("the bound is reached");
        readers[0]!.Dispose();
        readers[0]!.Dispose(); // given back once, however often disposed
        using var next = metrics.EnterReader();
        next.Should().NotBeNull();
        metrics.EnterReader().Should().BeNull("a second dispose gave back nothing more");
    }
}
