using System.Text;
using Ece.Conformance.Checks;
using Ece.Conformance.Monitor;
using Ece.Spec;

namespace Ece.Conformance.Tests.Monitor;

/// <summary>The state families written from the monitor's state at each scrape: one series per rule with its last
/// outcome, no series left behind by an outcome that is over, every family together.</summary>
public class StateExpositionTests
{
    private static readonly Uri Target = Cycles.Target;
    private static readonly Rule Must = Cycles.Must;
    private static readonly string Operation = Cycles.Operation;

    private static CycleResult Cycle(Outcome outcome, int minute) => Cycles.Of(outcome, minute);

    private static async Task<string> WriteAsync(MonitorState state)
    {
        using var stream = new MemoryStream();
        await StateExposition.WriteAsync(stream, state.Snapshot(), CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static IEnumerable<Sample> Outcomes(string text) => Exposition.Parse(text).Where(s => s.Name == "ece_rule_outcome" && s["rule"] == Must.Id);

    [Test]
    public async Task Each_rule_has_one_series_whose_outcome_label_is_its_last_outcome()
    {
        var state = new MonitorState([Target], ["1000"]);
        state.Apply(Cycle(Outcome.Failed, 0), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        Outcomes(await WriteAsync(state)).Should().ContainSingle().Which.Should().Match<Sample>(s =>
            s.Value == 1 && s["outcome"] == "failed" && s["level"] == "MUST" && s["operation"] == Operation && s["entry_point"] == "1000" && s["target"] == "http://ece1.example");
    }

    [Test]
    public async Task A_rule_that_passes_again_leaves_no_failed_series_behind()
    {
        var state = new MonitorState([Target], ["1000"]);
        state.Apply(Cycle(Outcome.Failed, 0), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        state.Apply(Cycle(Outcome.Passed, 1), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        // A failed series still written with any value would keep EceMustRuleFailing's expression alive or ambiguous.
        Outcomes(await WriteAsync(state)).Select(s => s["outcome"]).Should().Equal("passed");
    }

    [Test]
    public async Task Every_family_has_its_help_and_type_once_and_its_series_together()
    {
        var state = new MonitorState([Target, new Uri("http://ece2.example/")], ["1000", "1001"]);
        state.Apply(Cycle(Outcome.Passed, 0), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

        var lines = (await WriteAsync(state)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var types = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        types.Should().OnlyHaveUniqueItems().And.Contain(["ece_rule_outcome", "ece_chat_button_state", "ece_chat_button_hidden_reason", "ece_target_up"]);
        var order = lines.Where(l => !l.StartsWith('#')).Select(l => l[..l.IndexOfAny(['{', ' '])]).ToList();
        order.Where((name, i) => i == 0 || name != order[i - 1]).Should().OnlyHaveUniqueItems("a family whose series come back after another family's is not valid");
        lines.Count(l => l.StartsWith("ece_chat_button_state{", StringComparison.Ordinal)).Should().Be(2 * 2 * 3, "two targets × two entry points × three states");
    }
}
