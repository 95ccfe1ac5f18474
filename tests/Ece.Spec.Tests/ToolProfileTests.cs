using System.Text.Json.Nodes;
using System.Xml.Schema;
using Ece.Spec;

namespace Ece.Spec.Tests;

/// <summary>The tool profile says what the source says, in the form tools read: nothing is written twice.</summary>
public class ToolProfileTests
{
    private static readonly JsonObject Profile = ToolProfile.Build();

    private static JsonNode Schemas => Profile["components"]!["schemas"]!;

    [Test]
    public void Every_example_file_is_inlined_as_its_text_and_none_is_left_external()
    {
        var text = Profile.ToJsonString();

        text.Should().NotContain("\"externalValue\":");
        foreach (var file in new[] { "chatAllowed-true.xml", "chatAllowed-false.xml", "survey-namespaced.xml" })
        {
            text.Should().Contain(JsonValue.Create(SpecResources.ReadText("examples/" + file))!.ToJsonString(), file);
        }
    }

    [Test]
    public void Each_enumeration_of_the_spec_is_a_named_schema_with_its_values_and_meanings()
    {
        foreach (var op in EceSpec.Default.ReadOnlyOperations)
        {
            foreach (var field in op.Response!.Fields.Where(f => f.IsEnum))
            {
                var named = Schemas[char.ToUpperInvariant(field.Name[0]) + field.Name[1..]]!;
                named["enum"]!.AsArray().Select(v => v!.ToJsonString().Trim('"')).Should().Equal(field.Members.Select(m => m.Value), field.Name);
                var meanings = named["x-enumDescriptions"]!.AsObject();
                field.Members.Should().OnlyContain(m => meanings[m.Value]!.GetValue<string>() == m.Meaning, field.Name);
                named["x-ms-enum"]!["values"]!.AsArray().Should().HaveCount(field.Members.Count);
            }
        }
    }

    [Test]
    public void A_reason_beside_allowed_true_is_refused_by_the_schema()
    {
        var chatAllowed = Schemas["ChatAllowed"]!;

        chatAllowed["if"]!["properties"]!["allowed"]!["const"]!.GetValue<bool>().Should().BeTrue();
        chatAllowed["then"]!["properties"]!["reason"]!["not"].Should().NotBeNull();
    }

    [Test]
    public void Servers_are_concrete_urls_under_the_default_base_path()
    {
        Profile["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>())
            .Should().OnlyContain(u => Uri.IsWellFormedUriString(u, UriKind.Absolute) && u.EndsWith(EceSpec.Default.DefaultBasePath, StringComparison.Ordinal));
    }

    [Test]
    public void The_documented_schemas_validate_every_example_and_say_what_each_value_means()
    {
        var dir = Directory.CreateTempSubdirectory("ece-xsd").FullName;
        var files = ToolProfile.DocumentedSchemas(EceSpec.Default);
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, file), text);
        }
        var schemas = new XmlSchemaSet { XmlResolver = new System.Xml.XmlUrlResolver() };
        schemas.Add(null, Path.Combine(dir, "ece-chat.xsd"));
        schemas.Compile();

        foreach (var example in EceSpec.Default.Examples)
        {
            var errors = new List<string>();
            System.Xml.Linq.XDocument.Parse(example.Text).Validate(schemas, (_, e) => errors.Add(e.Message));
            errors.Should().BeEmpty(example.File);
        }
        var all = string.Concat(files.Select(f => f.Text));
        foreach (var member in EceSpec.Default.ReadOnlyOperations.SelectMany(o => o.Response!.Fields).SelectMany(f => f.Members))
        {
            all.Should().Contain($"<xs:documentation>{System.Security.SecurityElement.Escape(member.Meaning)}</xs:documentation>");
        }
    }

    [TestCase("a\nb\u2028c")]
    [TestCase("a\n\u0085b")]
    [TestCase("lead\n\u0007bell")]
    [TestCase("tab\n\tindented")]
    [TestCase("trailing \nspace")]
    [TestCase("plain\nlines\n")]
    public void Any_text_is_written_so_that_it_reads_back_the_same_and_only_printable_lines_become_a_block(string text)
    {
        var yaml = YamlJson.Write(new JsonObject { ["value"] = text });

        YamlJson.Read(yaml)!["value"]!.GetValue<string>().Should().Be(text);
        if (text.Any(c => char.IsControl(c) && c != '\n' || c is '\u2028' or '\u0085'))
        {
            yaml.Should().StartWith("value: \"", "a block cannot carry it");
        }
    }

    [TestCase("1e3", 1000)]
    [TestCase("0.5", 0.5)]
    [TestCase("-7", -7)]
    public void Plain_numbers_read_as_numbers_by_the_core_schema(string plain, double expected)
    {
        var value = YamlJson.Read($"n: {plain}")!["n"]!;

        value.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);
        decimal.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture).Should().Be((decimal)expected);
    }

    [Test]
    public void The_yaml_and_the_json_forms_hold_the_same_document()
    {
        var fromYaml = YamlJson.Read(ToolProfile.Yaml())!;

        JsonNode.DeepEquals(fromYaml, JsonNode.Parse(ToolProfile.Json())).Should().BeTrue();
    }
}
