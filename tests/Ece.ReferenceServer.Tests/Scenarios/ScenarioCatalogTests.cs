using System.Text;
using Ece.ReferenceServer.Scenarios;
using Ece.Spec;

namespace Ece.ReferenceServer.Tests.Scenarios;

public class ScenarioCatalogTests
{
    [Test]
    public void The_scenarios_the_issue_names_exist_and_each_defines_the_source_example_entry_point()
    {
        ScenarioCatalog.Names.Should().Contain(["default", "no-agents", "queue-full", "inactive-entry-point", "service-down", "agents-not-required"]);
        foreach (var name in ScenarioCatalog.Names)
        {
            var scenario = ScenarioCatalog.Load(name);
            scenario.State.EntryPoint(EceSpec.Default.ExampleEntryPoint).Should().NotBeNull(name);
            scenario.Description.Should().NotBeNullOrWhiteSpace(name);
        }
    }

    [Test]
    public void A_state_file_from_disk_loads_by_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ece-state-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"entryPoints\":[{\"id\":5,\"name\":\"x\",\"queue\":\"q\"}],\"queues\":[{\"name\":\"q\",\"maxDepth\":1,\"chatsWaiting\":0,\"waitTime\":0}]}");

        ScenarioCatalog.Load(path).State.EntryPoint(5).Should().NotBeNull();
        File.Delete(path);
    }

    // Each expectation is a part of the message only that problem produces: a bare "id" would also match "invalid".
    [TestCase("{\"entryPoints\":[{\"id\":5,\"name\":\"x\",\"queue\":\"q\",\"activ\":false}]}", "property 'activ' could not be mapped")]
    [TestCase("{\"entryPoints\":[{\"id\":5,\"name\":\"x\",\"queue\":\"q\"}]}", "entry point 5 uses queue q, which is not defined")]
    [TestCase("{\"entryPoints\":[{\"id\":\"five\",\"name\":\"x\",\"queue\":\"q\"}]}", "Path: $.entryPoints[0].id |")]
    [TestCase("{\"entryPoints\":[{\"name\":\"x\",\"queue\":\"q\"}]}", "missing required properties including: 'id'.")]
    [TestCase("{\"agents\":[{\"name\":\"a\",\"available\":true,\"maxLoad\":1,\"currentLoad\":0,\"queues\":[\"none\"]}]}", "agent a serves queue none, which is not defined")]
    [TestCase("not json", "is an invalid JSON literal")]
    public void A_bad_state_file_is_refused_saying_what_is_wrong(string json, string says)
    {
        var act = () => ScenarioCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

        act.Should().Throw<ScenarioException>().Where(e => e.Message.StartsWith("test.json: ", StringComparison.Ordinal) && e.Message.Contains(says, StringComparison.Ordinal));
    }

    [Test]
    public void An_unknown_scenario_is_refused_with_the_list_of_scenarios()
    {
        var act = () => ScenarioCatalog.Load("no-such-scenario");

        act.Should().Throw<ScenarioException>().WithMessage("*no-such-scenario*default*queue-full*");
    }

    [Test]
    public void The_server_does_not_start_on_an_unknown_scenario()
    {
        var act = () => ReferenceServerApp.Build(["--scenario", "no-such-scenario", "--urls", "http://127.0.0.1:0"]);

        act.Should().Throw<ScenarioException>();
    }

    [Test]
    public void The_control_switch_needs_no_value_on_the_command_line()
    {
        ReferenceServerApp.WithFlagValues(["--control", "--scenario", "x"]).Should().Equal("--control", bool.TrueString, "--scenario", "x");
        ReferenceServerApp.WithFlagValues(["--scenario", "x", "--control"]).Should().Equal("--scenario", "x", "--control", bool.TrueString);
        ReferenceServerApp.WithFlagValues(["--control", "false"]).Should().Equal("--control", "false");
    }
}
