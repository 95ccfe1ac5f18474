using System.Diagnostics;
using System.Xml.Linq;

namespace Ece.Spec.Tests;

public class SpecSchemasTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    [Test]
    public void Xmllint_accepts_every_example_with_the_shipped_xsd_alone()
    {
        var dir = SpecResourcesOnDisk.SpecDirectory;
        var examples = Spec.Examples.Select(e => Path.Combine(dir, "examples", e.File)).ToArray();

        var (code, output) = Xmllint(["--noout", "--schema", Path.Combine(dir, "xsd", "ece-chat.xsd"), .. examples]);

        code.Should().Be(0, output);
        output.Should().Contain($"{examples[0]} validates");
    }

    [Test]
    public void Xmllint_rejects_a_survey_without_question_in_both_namespaces()
    {
        var dir = SpecResourcesOnDisk.SpecDirectory;
        var bad = Path.Combine(Path.GetTempPath(), $"ece-bad-{Guid.NewGuid():N}.xml");
        File.WriteAllText(bad, $"<egainSurvey xmlns=\"{Spec.ChatNamespace}\" sid=\"1\"><survey><answer>a</answer></survey></egainSurvey>");

        var (code, output) = Xmllint(["--noout", "--schema", Path.Combine(dir, "xsd", "ece-chat.xsd"), bad]);

        code.Should().NotBe(0);
        output.Should().Contain("question");
        File.Delete(bad);
    }

    [Test]
    public void A_rendered_answer_validates_for_every_enumeration_value()
    {
        foreach (var op in Spec.ReadOnlyOperations)
        {
            var message = op.Response!;
            var enumerations = message.Fields.Where(f => f.IsEnum).ToList();
            var variants = enumerations.Count == 0 ? [null] : enumerations.SelectMany(f => f.Members.Select(m => (f, m))).Select(p => ((Field, EnumMember)?)p);
            foreach (var variant in variants)
            {
                var document = message.Render(f => variant is var (ef, em) && ef == f ? em.Value : Sample(f));
                ErrataTests.Outcome(document.Declaration + document.ToString(SaveOptions.DisableFormatting)).Should().Be(Detection.None, document.ToString());
            }
        }
    }

    [Test]
    public void A_survey_in_a_namespace_other_than_none_or_chat_is_refused()
    {
        ErrataTests.Outcome("<egainSurvey xmlns=\"http://example.com/other\" sid=\"1\"><survey><question>q</question><answer>a</answer></survey></egainSurvey>")
            .Should().Be(Detection.SchemaInvalid);
    }

    [Test]
    public void Schema_includes_cannot_reach_outside_the_embedded_spec()
    {
        Spec.Schemas.Schemas().Cast<System.Xml.Schema.XmlSchema>().Should().OnlyContain(s => s.SourceUri!.StartsWith("embedded:///spec/"));
    }

    private static string? Sample(Field f) => f.Type switch
    {
        FieldType.Boolean => "false",
        FieldType.NonNegativeInteger => "3",
        FieldType.NonNegativeDecimal => "12.5",
        _ when f.IsEnum => null,
        _ => "x",
    };

    private static (int Code, string Output) Xmllint(string[] args)
    {
        var start = new ProcessStartInfo("xmllint") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("xmllint is needed for this test: apt-get install -y libxml2-utils (.ci/run installs it).", e);
        }
        var output = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + output.Result);
    }
}
