using Ece.Conformance.Reports;
using Ece.Spec;

namespace Ece.Conformance.Tests.Reports;

/// <summary>What a person reads of a button check, pinned like the run's outputs: the Markdown and HTML reports and
/// report.json of a check made by hand (<see cref="ButtonRuns"/>), on the approval clock.</summary>
[NonParallelizable]
public class ButtonReportSnapshotTests
{
    [Test]
    public void The_markdown_report_reads_as_approved()
    {
        var (steps, judged, run) = ButtonRuns.Fixed();

        Approval.Verify("button.report.md", ButtonReport.Markdown(run, steps, ButtonReport.Sections(run, steps, judged)));
    }

    [Test]
    public void The_html_report_reads_as_approved()
    {
        var (steps, judged, run) = ButtonRuns.Fixed();

        var html = ButtonHtml.Render(run, steps, ButtonReport.Sections(run, steps, judged));

        Approval.Verify("button.report.html", html.Replace("><", ">\n<", StringComparison.Ordinal));
    }

    [Test]
    public void The_json_report_reads_as_approved()
    {
        var (_, _, run) = ButtonRuns.Fixed();
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonReport.Render(ReportModel.From(run, EceSpec.Default)))!;
        // The rule catalogue is the spec's, the same in every report (traceability pins it): its ids stand for it here.
        json["rules"] = new System.Text.Json.Nodes.JsonArray([.. json["rules"]!.AsArray().Select(r => System.Text.Json.Nodes.JsonValue.Create(r!["id"]!.GetValue<string>()))]);

        Approval.Verify("button.report.json", json.ToJsonString(JsonReport.Options));
    }
}
