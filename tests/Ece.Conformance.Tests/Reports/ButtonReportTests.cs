using System.Text.Json.Nodes;
using Ece.Conformance.Reports;
using Ece.Conformance.Running;
using Ece.Spec;

namespace Ece.Conformance.Tests.Reports;

/// <summary>The JSON report of a button check: a page target, with data in every field the schema names and no
/// server's field filled with words.</summary>
public class ButtonReportTests
{
    private static JsonNode Json()
    {
        var (_, _, run) = ButtonRuns.Fixed();
        return JsonNode.Parse(JsonReport.Render(ReportModel.From(run, EceSpec.Default)))!;
    }

    [Test]
    public void A_button_checks_report_json_validates_against_the_published_schema()
    {
        ReportTests.SchemaErrors(Json()).Should().BeEmpty();
    }

    [Test]
    public void A_button_checks_target_is_the_page_with_the_ids_it_asked_and_the_steps_run_and_no_server_field()
    {
        var target = Json()["target"]!.AsObject();

        target.Select(p => p.Key).Should().BeEquivalentTo(["kind", "url", "entryPoints", "steps"]);
        target["kind"]!.GetValue<string>().Should().Be("page");
        target["url"]!.GetValue<string>().Should().Be(ButtonRuns.Options.Page.ToString());
        target["entryPoints"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal(["1000"]);
        target["steps"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal(["default", "fault-500"], "the steps run; recovery was planned, not run");
    }

    [Test]
    public void A_button_checks_report_json_reads_back_with_its_page()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, Json().ToJsonString());

        var target = JsonReport.Read(path).Target;

        target.Should().BeOfType<PageTarget>().Which.Steps.Should().Equal(["default", "fault-500"]);
    }

    // The schema must refuse a page with a server's field, or a target of no kind, or the validation above could not fail.
    [TestCase("basePath", "\"/system/egain\"")]
    [TestCase("scenario", "\"each step's\"")]
    [TestCase("kind", "\"server\"")]
    [TestCase("kind", null)]
    public void A_page_target_with_a_servers_field_or_another_kind_fails_the_schema(string member, string? value)
    {
        var report = Json();
        var target = report["target"]!.AsObject();
        target.Remove(member);
        if (value is not null)
        {
            target[member] = JsonNode.Parse(value);
        }

        ReportTests.SchemaErrors(report).Should().Contain(e => e.StartsWith("'/target", StringComparison.Ordinal));
    }
}
