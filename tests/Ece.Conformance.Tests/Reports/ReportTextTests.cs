using Ece.Conformance.Reports;

namespace Ece.Conformance.Tests.Reports;

/// <summary>What the runner says is said whole in Markdown; what a target chose is cut to fit a cell.</summary>
public class ReportTextTests
{
    private static readonly string Hint = string.Concat(Enumerable.Repeat("the API is not under the base path /system/egain: run again with --base-path /system/ws | ", 6)) + "end.";

    [Test]
    public void A_sentence_of_the_runner_is_never_cut_and_cannot_break_a_table()
    {
        var text = ReportText.Text(Hint + "\n<b>`x`</b>");

        text.Should().EndWith("&lt;b&gt;'x'&lt;/b&gt;").And.Contain("end.").And.NotContain("\n").And.NotContain(" | ");
        text.Length.Should().BeGreaterThan(Hint.Length);
    }

    [Test]
    public void A_target_value_in_a_cell_is_cut_to_160_characters() =>
        ReportText.Cell(Hint).Replace("\\|", "|", StringComparison.Ordinal).Should().HaveLength(161).And.EndWith("…", "the cut is marked");
}
