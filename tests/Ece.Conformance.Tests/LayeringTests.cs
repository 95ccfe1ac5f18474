using System.Text.RegularExpressions;

namespace Ece.Conformance.Tests;

/// <summary>The runner's folders are layers: Http at the bottom, then Browser, Checks, Running, Reports, and
/// Commands on top. A dependency the other way round makes a cycle, and a cycle makes every layer a whole.</summary>
public partial class LayeringTests
{
    private static readonly string[] s_layers = ["Http", "Browser", "Checks", "Running", "Button", "Reports", "Har", "Monitor", "Commands"];

    [Test]
    public void No_folder_of_the_runner_depends_on_a_folder_above_it()
    {
        var upward = Dependencies(RepositoryFiles.Path("conformance"))
            .Where(d => Array.IndexOf(s_layers, d.To) > Array.IndexOf(s_layers, d.From))
            .Select(d => $"{d.File}: {d.From} uses {d.To}").ToList();

        upward.Should().BeEmpty("layers depend only downwards (README, Layout and conventions)");
    }

    [Test]
    public void A_dependency_upwards_is_found()
    {
        var dir = Directory.CreateTempSubdirectory("layers").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "Http"));
        File.WriteAllText(Path.Combine(dir, "Http", "Client.cs"), "using Ece.Conformance.Running;\nnamespace Ece.Conformance.Http;\n");
        File.WriteAllText(Path.Combine(dir, "Http", "Other.cs"), "namespace Ece.Conformance.Http;\nclass A { Checks.Finding? f; }\n");

        Dependencies(dir).Select(d => d.To).Should().BeEquivalentTo(["Running", "Checks"]);
    }

    private static IEnumerable<(string File, string From, string To)> Dependencies(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            if (Namespace().Match(text) is not { Success: true } own)
            {
                continue;
            }
            var from = own.Groups[1].Value;
            var used = Using().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(Qualified().Matches(text).Select(m => m.Groups[1].Value))
                .Where(to => to != from && s_layers.Contains(to)).Distinct();
            foreach (var to in used)
            {
                yield return (Path.GetFileName(file), from, to);
            }
        }
    }

    [GeneratedRegex(@"^namespace Ece\.Conformance\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using Ece\.Conformance\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    // A layer named in code (Browser.BrowserSession, Checks.Finding), not as part of another namespace (AspNetCore.Http.X).
    [GeneratedRegex(@"(?<![\w.])(Http|Browser|Checks|Running|Button|Reports|Har|Monitor|Commands)\.[A-Z]\w*")]
    private static partial Regex Qualified();
}
