using Ece.ReferenceServer.Control;
using Microsoft.Extensions.Time.Testing;
using Ece.ReferenceServer.Faults;

namespace Ece.ReferenceServer.Tests.Faults;

public class FaultInjectorTests
{
    [Test]
    public async Task A_delay_ends_when_the_servers_clock_has_passed_it_not_before()
    {
        var time = new FakeTimeProvider();
        var faults = new FaultInjector(time);
        faults.Set("chatAllowed", new Fault(DelayMs: 60_000));

        var applying = faults.ApplyAsync("chatAllowed", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        var earlier = applying.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));

        earlier.Should().BeFalse("59 of the 60 seconds have passed");
        (await applying.WaitAsync(TimeSpan.FromSeconds(10))).Should().NotBeNull();
    }

    [Test]
    public void A_fault_for_a_number_of_requests_is_taken_that_many_times_then_cleared()
    {
        var faults = new FaultInjector(TimeProvider.System);
        faults.Set("capacity", new Fault(Status: 500, Times: 2));

        faults.Take("capacity").Should().NotBeNull();
        faults.Take("capacity").Should().NotBeNull();
        faults.Take("capacity").Should().BeNull();
        faults.Current.Should().BeEmpty();
    }
}
