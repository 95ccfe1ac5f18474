using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Ece.Spec.Tests;

public partial class EceSpecTests
{
    private static readonly EceSpec Spec = EceSpec.Default;

    [GeneratedRegex(@"^(GET|POST)\t(/chat/entrypoint/\S+)$", RegexOptions.Multiline)]
    private static partial Regex RequestTableRow();

    [Test]
    public void The_operations_are_exactly_those_of_the_source_request_tables()
    {
        var fromSource = RequestTableRow().Matches(SourceDocument.French)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value.Replace("/id", "/{id}", StringComparison.Ordinal)}");

        Spec.Operations.Select(o => $"{o.Method} {o.PathTemplate}").Should().BeEquivalentTo(fromSource);
    }

    [Test]
    public void Each_operation_id_is_the_last_fixed_segment_of_its_path()
    {
        foreach (var op in Spec.Operations)
        {
            op.PathTemplate.Replace("/" + Operation.IdParameter, "", StringComparison.Ordinal).Should().EndWith("/" + op.Id);
        }
    }

    [Test]
    public void The_default_base_path_joined_to_a_path_gives_the_source_example_url()
    {
        foreach (var op in Spec.ReadOnlyOperations)
        {
            var url = "http://hostname" + op.Path(Spec.DefaultBasePath, Spec.ExampleEntryPoint.ToString());
            SourceDocument.French.Should().Contain($"<{url}>");
        }
    }

    [Test]
    public void Every_get_operation_documents_the_source_success_and_error_codes()
    {
        foreach (var op in Spec.ReadOnlyOperations)
        {
            op.Documents(200).Should().BeTrue(op.Id);
            op.Documents(500).Should().BeTrue(op.Id);
            op.Documents(404).Should().BeTrue("a malformed id is a 4XX for " + op.Id);
            op.Documents(201).Should().BeFalse(op.Id);
        }
    }

    [Test]
    public void The_survey_succeeds_with_204_not_the_printed_2004()
    {
        var survey = Spec.Operations.Single(o => o.Method == HttpMethod.Post);
        survey.SuccessStatus.Should().Be(204);
        survey.Responses.Should().NotContain(r => r.Code == "2004");
    }

    [Test]
    public void Every_operation_that_takes_an_entry_point_takes_it_as_a_required_64_bit_integer_in_the_path()
    {
        // Read through Microsoft.OpenApi, so a $ref is followed to the parameter each operation really gets.
        var document = OpenApiModelReader.Load("openapi.yaml").Document;

        var takingId = Spec.Operations.Where(o => o.PathTemplate.Contains(Operation.IdParameter, StringComparison.Ordinal)).ToList();

        takingId.Should().BeEquivalentTo(Spec.ReadOnlyOperations, "every GET operation names its entry point in the path");
        foreach (var op in takingId)
        {
            var operation = document.Paths[op.PathTemplate].Operations![op.Method];
            var id = operation.Parameters.Should().ContainSingle(p => p.Name == "id", op.Id).Which;
            id.In.Should().Be(ParameterLocation.Path, op.Id);
            id.Required.Should().BeTrue(op.Id);
            id.Schema!.Type.Should().Be(JsonSchemaType.Integer, op.Id);
            id.Schema.Format.Should().Be("int64", op.Id);
        }
    }

    [Test]
    public void Every_get_operation_answers_an_unqualified_root_with_the_source_declarations()
    {
        foreach (var op in Spec.ReadOnlyOperations)
        {
            op.Response.Should().NotBeNull();
            op.Response!.Root.Namespace.Should().Be(System.Xml.Linq.XNamespace.None);
            op.Response.Declarations.Should().Contain(d => d.Prefix == "ns2" && d.Uri == Spec.ChatNamespace);
        }
    }

    [Test]
    public void Every_enumeration_condition_is_one_the_spec_defines()
    {
        var used = Spec.Operations.SelectMany(o => o.Response?.Fields ?? []).SelectMany(f => f.Members).SelectMany(m => m.When);
        used.Should().OnlyContain(c => Spec.Conditions.ContainsKey(c));
        Spec.Conditions.Keys.Should().OnlyContain(c => used.Contains(c), "a condition no value reports is dead");
    }

    [Test]
    public void Every_quantity_is_reported_by_a_field_and_every_field_names_a_known_quantity()
    {
        var fields = Spec.Operations.SelectMany(o => (o.Response ?? o.Request)!.Fields)
            .SelectMany(f => f.Item is { } item ? item.Fields.Prepend(f) : [f]).ToList();
        fields.Should().OnlyContain(f => f.Quantity != null && Spec.Quantities.ContainsKey(f.Quantity));
        Spec.Quantities.Keys.Should().OnlyContain(q => fields.Any(f => f.Quantity == q));
    }

    [Test]
    public void Every_xml_media_type_points_at_an_example_that_exists_and_validates()
    {
        var media = Spec.Operations.SelectMany(o => o.ResponseMediaTypes.Concat(o.RequestMediaTypes)).Where(m => m.MediaType.EndsWith("/xml", StringComparison.Ordinal)).ToList();
        media.Should().NotBeEmpty().And.OnlyContain(m => m.ExampleFile != null);
        foreach (var file in media.Select(m => m.ExampleFile!))
        {
            Spec.Examples.Select(e => "examples/" + e.File).Should().Contain(file);
        }
    }

    [Test]
    public void The_openapi_document_passes_the_openapi_validator_without_warnings()
    {
        var document = OpenApiModelReader.Load("openapi.yaml");

        document.Warnings.Should().BeEmpty();
        document.Document.Info.Version.Should().Be("11.6");
    }

    [Test]
    public void The_code_vocabulary_is_the_spec_vocabulary()
    {
        Condition.All.Should().BeEquivalentTo(Spec.Conditions.Keys);
        Quantity.All.Should().BeEquivalentTo(Spec.Quantities.Keys);
        Quantity.Answers.Should().BeEquivalentTo(Spec.ReadOnlyOperations.SelectMany(o => o.Response!.Fields).Select(f => f.Quantity).Distinct());
    }

    [Test]
    public void The_observed_json_form_of_agent_availability_is_marked_observed()
    {
        var (op, _) = Spec.Reporting("agentsAvailable");
        op.ResponseMediaTypes.Should().ContainSingle(m => m.MediaType == "application/json").Which.Provenance.Should().Be("observed");
    }
}
