namespace Ece.Spec.Tests;

public class CompactSpecTests
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("ece-compact-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void The_compact_form_reads_back_to_the_model_the_yaml_gives()
    {
        var parsed = EceSpec.Load();
        CompactSpec.Load(_folder, () => parsed);

        var read = CompactSpec.TryRead(CompactSpec.FileIn(_folder));

        read.Should().NotBeNull();
        CompactSpec.Serialize(read!).Should().Equal(CompactSpec.Serialize(parsed));
        read!.Title.Should().Be(parsed.Title);
        read!.Rules.Rules.Should().HaveCount(parsed.Rules.Rules.Count);
        read.Operation(parsed.Operations[0].Id).Method.Should().Be(parsed.Operations[0].Method);
        read.Rules.Rules.Select(r => (r.Client, r.Evidence.Count)).Should().Equal(parsed.Rules.Rules.Select(r => (r.Client, r.Evidence.Count)));
        read.Operations.SelectMany(o => o.Response?.Fields ?? []).SelectMany(f => f.Members).Select(m => (m.Customer, m.Business))
            .Should().Equal(parsed.Operations.SelectMany(o => o.Response?.Fields ?? []).SelectMany(f => f.Members).Select(m => (m.Customer, m.Business)));
    }

    [Test]
    public void Every_member_of_the_model_survives_the_compact_form()
    {
        // Compared member by member, whatever the form writes: a member the writer forgot is a difference here.
        var parsed = EceSpec.Load();

        var read = CompactSpec.Load(_folder, () => parsed) is var _ ? CompactSpec.TryRead(CompactSpec.FileIn(_folder)) : null;

        read.Should().BeEquivalentTo(parsed, o => o.AllowingInfiniteRecursion().ComparingByMembers<System.Xml.Linq.XNamespace>()
            .Excluding(s => s.Evidence).Excluding(s => s.Examples).Excluding(s => s.Errata).Excluding(s => s.Schemas));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void A_form_cut_short_or_run_on_is_not_read(int cut)
    {
        var bytes = CompactSpec.Serialize(EceSpec.Load());
        var file = Path.Combine(_folder, "form.bin");
        File.WriteAllBytes(file, cut == 0 ? bytes[..^7] : [.. bytes, 0]);

        CompactSpec.TryRead(file).Should().BeNull();
    }

    [Test]
    public void A_second_load_reads_the_form_without_parsing()
    {
        var parses = 0;
        EceSpec Parse() { parses++; return EceSpec.Load(); }

        CompactSpec.Load(_folder, Parse);
        var second = CompactSpec.Load(_folder, Parse);

        parses.Should().Be(1);
        second.Rules.Rules.Should().NotBeEmpty();
    }

    [Test]
    public void A_damaged_form_is_parsed_again_and_replaced()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(CompactSpec.FileIn(_folder), CompactSpec.Serialize(EceSpec.Load())[..100]);
        var parses = 0;

        var spec = CompactSpec.Load(_folder, () => { parses++; return EceSpec.Load(); });

        parses.Should().Be(1);
        spec.Operations.Should().NotBeEmpty();
        CompactSpec.TryRead(CompactSpec.FileIn(_folder)).Should().NotBeNull("the damaged form was replaced by a whole one");
    }

    [Test]
    public void A_form_with_one_letter_changed_is_parsed_again_not_read_as_another_spec()
    {
        // Still a well-formed form, so only the checksum can tell: read, it would judge by a rule the spec does not have.
        var parsed = EceSpec.Load();
        var requirement = parsed.Rules.Rules[0].Requirement;
        var bytes = CompactSpec.Serialize(parsed);
        bytes[bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(requirement)) + 2] ^= 0x01;
        File.WriteAllBytes(CompactSpec.FileIn(_folder), bytes);
        var parses = 0;

        var spec = CompactSpec.Load(_folder, () => { parses++; return parsed; });

        parses.Should().Be(1);
        spec.Rules.Rules[0].Requirement.Should().Be(requirement);
    }

    [TestCase(1)]
    [TestCase(64)]
    [TestCase(100_000)]
    public void Any_bytes_in_the_forms_place_are_parsed_again_not_an_error(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(CompactSpec.FileIn(_folder), bytes);

        var spec = CompactSpec.Load(_folder, EceSpec.Load);

        spec.Operations.Should().NotBeEmpty();
        CompactSpec.TryRead(CompactSpec.FileIn(_folder)).Should().NotBeNull("the bytes were replaced by a whole form");
    }

    [Test]
    public void A_form_of_another_build_is_kept_so_two_builds_used_in_turn_each_read_their_own()
    {
        var other = Path.Combine(_folder, "spec-00000000000000000000000000000000.bin");
        File.WriteAllBytes(other, CompactSpec.Serialize(EceSpec.Load()));

        CompactSpec.Load(_folder, EceSpec.Load);

        File.Exists(other).Should().BeTrue("the other build reads it at its next run instead of parsing the YAML again");
        File.Exists(CompactSpec.FileIn(_folder)).Should().BeTrue();
    }

    [Test]
    public void Only_the_newest_forms_are_kept_when_a_form_is_written()
    {
        var started = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        var others = Enumerable.Range(1, CompactSpec.KeptForms + 2).Select(i =>
        {
            var path = Path.Combine(_folder, $"spec-{i:D32}.bin");
            File.WriteAllText(path, "{}");
            File.SetLastWriteTimeUtc(path, started.AddDays(i)); // form i+1 was written after form i
            return path;
        }).ToList();

        CompactSpec.Load(_folder, EceSpec.Load);

        Directory.GetFiles(_folder, "spec-*.bin").Should().BeEquivalentTo(
            [CompactSpec.FileIn(_folder), .. others.TakeLast(CompactSpec.KeptForms - 1)], "the form just written and the newest others");
    }

    [Test]
    public void A_folder_that_cannot_be_written_costs_only_the_time()
    {
        var file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "");

        var spec = CompactSpec.Load(file, EceSpec.Load);

        spec.Operations.Should().NotBeEmpty();
    }

    [TestCase("off", null, null, null)]
    [TestCase("/srv/cache", null, null, "/srv/cache")]
    [TestCase(null, "/x", "/home/u", "/x/ece-conformance")]
    [TestCase(null, null, "/home/u", "/home/u/.cache/ece-conformance")]
    public void The_folder_is_the_one_the_environment_names(string? setting, string? xdg, string? home, string? expected)
    {
        var environment = new Dictionary<string, string?> { ["ECE_CONFORMANCE_CACHE"] = setting, ["XDG_CACHE_HOME"] = xdg, ["HOME"] = home };

        CompactSpec.Folder(n => environment.GetValueOrDefault(n)).Should().Be(expected);
    }
}
