using System.Xml.Linq;
using System.Xml.Schema;
using Ece.Conformance.Commands;
using Ece.Conformance.Running;
using Spectre.Console;
using static Ece.Conformance.Tests.Mutate;

namespace Ece.Conformance.Tests.Commands;

/// <summary>Several targets in one run: the nodes of a fleet behind a load balancer.</summary>
public class FleetRunTests
{
    [Test]
    public async Task A_fleet_with_one_broken_node_is_not_conformant_and_says_which_node()
    {
        await using var good = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        await using var broken = await FakeTarget.StartAsync(Replace("capacity", ">4<", ">-1<"));
        var options = Runner.Options(null, o => o with { Targets = [good.Url, broken.Url] });
        var output = new StringWriter();

        var verdict = await FleetRun.RunAsync(options, Console(output), CancellationToken.None);

        verdict.ExitCode.Should().Be(1);
        verdict.Summary.Should().Contain("2 targets: ").And.Contain("1 conformant").And.Contain("1 not conformant");
        output.ToString().Should().Contain(broken.Url.ToString()).And.Contain("ECE-CP-001");
        var summary = File.ReadAllText(Path.Combine(options.ReportDirectory, "summary.md"));
        summary.Should().Contain($"### {good.Url}").And.Contain($"### {broken.Url}");
        Directory.GetDirectories(options.ReportDirectory).Should().HaveCount(2).And.OnlyContain(d => File.Exists(Path.Combine(d, "report.html")));
    }

    [Test]
    public async Task The_merged_junit_file_names_each_target_and_validates()
    {
        await using var a = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        await using var b = await FakeTarget.StartAsync(_ => Task.FromResult<Reply?>(null));
        var options = Runner.Options(null, o => o with { Targets = [a.Url, b.Url] });

        var verdict = await FleetRun.RunAsync(options, Console(new StringWriter()), CancellationToken.None);

        verdict.ExitCode.Should().Be(0);
        var junit = XDocument.Load(Path.Combine(options.ReportDirectory, "report.junit.xml"));
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        junit.Validate(schemas, (_, e) => errors.Add(e.Message));
        errors.Should().BeEmpty();
        junit.Root!.Elements("testsuite").Select(s => s.Attribute("name")!.Value.Split(' ')[0]).Distinct().Should().BeEquivalentTo([a.Url.Authority, b.Url.Authority]);
    }

    [Test]
    public void A_targets_file_lists_urls_and_ignores_comments_and_blank_lines()
    {
        var path = Path.GetTempFileName();
        File.WriteAllLines(path, ["# ECE nodes behind the load balancer", "https://ece-1.example.com", "", "  https://ece-2.example.com:8443  "]);

        RunOptions.ReadTargetsFile(path).Select(u => u.ToString()).Should().Equal("https://ece-1.example.com/", "https://ece-2.example.com:8443/");
    }

    [Test]
    public void A_targets_file_with_a_bad_line_is_refused_naming_the_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllLines(path, ["https://ece-1.example.com", "ece-2 without scheme"]);

        var act = () => RunOptions.ReadTargetsFile(path).ToList();

        act.Should().Throw<UsageException>().WithMessage($"{path} line 2: a target must be an http or https URL*");
    }

    [Test]
    public void A_folder_given_as_the_targets_file_is_said_to_be_one()
    {
        var folder = Directory.CreateTempSubdirectory("ece-targets-").FullName;

        var act = () => RunOptions.ReadTargetsFile(folder).ToList();

        act.Should().Throw<UsageException>().WithMessage($"--targets-file {folder} cannot be read: it is a folder");
    }

    [Test]
    public void A_file_that_is_no_targets_file_is_refused_at_once_without_echoing_it()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, new string('x', 50_000_000));

        var act = () => RunOptions.ReadTargetsFile(path).ToList();

        act.Should().Throw<UsageException>().Which.Message.Length.Should().BeLessThan(400, "a line of 50 MB is named, not echoed");
        File.Delete(path);
    }

    [TestCase(new[] { 0, 0 }, 0)]
    [TestCase(new[] { 0, 2 }, 2)]
    [TestCase(new[] { 2, 1, 0 }, 1)]
    public void The_fleet_verdict_is_the_worst_of_its_targets(int[] codes, int expected)
    {
        var verdicts = codes.Select(c => new Verdict(c switch { 0 => VerdictKind.Conformant, 1 => VerdictKind.NotConformant, _ => VerdictKind.CouldNotTest }, ""));

        FleetRun.Worst(verdicts).ExitCode.Should().Be(expected);
    }

    private static IAnsiConsole Console(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 240;
        return console;
    }
}
