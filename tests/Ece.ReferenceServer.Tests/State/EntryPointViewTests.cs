using Ece.ReferenceServer.State;
using Ece.Spec;

namespace Ece.ReferenceServer.Tests.State;

public class EntryPointViewTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    private static ChatState State(bool agentAvailable = true, int maxLoad = 2, int currentLoad = 0, int waiting = 0, int maxDepth = 5,
        bool active = true, bool service = true, bool required = true, bool closed = false) => new()
    {
        ServiceRunning = service,
        EntryPoints = [new EntryPoint(1, "e", "q", active, required, closed)],
        Queues = [new QueueState("q", maxDepth, waiting, 12.5m)],
        Agents = [new Agent("a", agentAvailable, maxLoad, currentLoad, ["q"]), new Agent("b", false, 9, 0, ["q"]), new Agent("c", true, 9, 0, ["other"])],
    };

    [Test]
    public void Capacity_counts_the_available_agents_of_the_entry_points_queue_only()
    {
        new EntryPointView(State(maxLoad: 3, currentLoad: 1), 1, Spec).Value(Quantity.Capacity).Should().Be(2);
    }

    [Test]
    public void Capacity_is_never_negative_even_when_an_agent_is_over_its_maximum_load()
    {
        new EntryPointView(State(maxLoad: 1, currentLoad: 4), 1, Spec).Value(Quantity.Capacity).Should().Be(0);
    }

    [Test]
    public void An_entry_point_that_does_not_require_agents_is_available_without_any()
    {
        var view = new EntryPointView(State(agentAvailable: false, required: false), 1, Spec);

        view.Value(Quantity.AgentsAvailable).Should().Be(true);
        view.Conditions.Should().NotContain(Condition.NoAgents);
        view.Value(Quantity.ChatAllowed).Should().Be(true);
    }

    [Test]
    public void The_queue_is_full_when_the_chats_waiting_reach_its_maximum_depth()
    {
        new EntryPointView(State(waiting: 4), 1, Spec).Conditions.Should().NotContain(Condition.QueueFull);
        new EntryPointView(State(waiting: 5), 1, Spec).Conditions.Should().Contain(Condition.QueueFull);
    }

    [Test]
    public void When_every_condition_holds_the_reference_server_choice_of_precedence_decides_the_reason()
    {
        var view = new EntryPointView(State(agentAvailable: false, waiting: 5, active: false, service: false, closed: true), 1, Spec);
        var reason = Spec.Operation("chatAllowed").Response!.Field("reason");

        view.Conditions.Should().BeEquivalentTo(Condition.All.Except([Condition.UnknownEntryPoint]));
        view.LexicalValue(reason).Should().Be(reason.Precedence[1], "the first, invalid_entry_point, needs an unknown entry point");
    }

    [Test]
    public void An_unknown_entry_point_reports_nothing_available()
    {
        var view = new EntryPointView(State(), 2, Spec);

        view.Conditions.Should().BeEquivalentTo([Condition.UnknownEntryPoint, Condition.NoAgents]);
        view.Value(Quantity.AgentsAvailable).Should().Be(false);
        view.Value(Quantity.Capacity).Should().Be(0);
        view.Value(Quantity.ChatAllowed).Should().Be(false);
    }

    [Test]
    public void A_failed_update_leaves_the_state_and_its_version_unchanged()
    {
        var store = new StateStore(State());
        var (before, version) = store.Snapshot();

        var problems = store.Update(s => s with { Queues = [] });

        problems.Should().NotBeEmpty();
        store.Current.Should().BeSameAs(before);
        store.Version.Should().Be(version);
    }
}
