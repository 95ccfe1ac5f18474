using System.Text.RegularExpressions;

namespace Ece.ReferenceServer.Tests;

/// <summary>The reference server's folders are layers, as the runner's are: the state and its scenarios at the bottom,
/// then faults, HTTP helpers (content negotiation), replay, the chat API, the survey, the sample page, and the control
/// API on top (it reads the surveys and changes the state). The composition root (ReferenceServerApp) may use all.</summary>
public partial class LayeringTests
{
    private static readonly string[] s_layers = ["State", "Scenarios", "Faults", "Http", "Replay", "ChatApi", "Survey", "SamplePage", "Control"];

    [Test]
    public void No_folder_of_the_reference_server_depends_on_a_folder_above_it()
    {
        var upward = Dependencies(RepositoryFiles.Path("reference-server"))
            .Where(d => Array.IndexOf(s_layers, d.To) > Array.IndexOf(s_layers, d.From))
            .Select(d => $"{d.File}: {d.From} uses {d.To}").ToList();

        upward.Should().BeEmpty("namespaces without cycles (README, Layout and conventions)");
    }

    [Test]
    public void A_dependency_upwards_is_found()
    {
        var dir = Directory.CreateTempSubdirectory("layers").FullName;
        File.WriteAllText(Path.Combine(dir, "A.cs"), "using Ece.ReferenceServer.Control;\nnamespace Ece.ReferenceServer.Survey;\n");
        File.WriteAllText(Path.Combine(dir, "B.cs"), "namespace Ece.ReferenceServer.ChatApi;\nclass B { Replay.Replayer? r; Microsoft.AspNetCore.Http.HttpContext? c; }\n");

        Dependencies(dir).Select(d => $"{d.From}>{d.To}").Should().BeEquivalentTo(["Survey>Control", "ChatApi>Replay"]);
    }

    private static IEnumerable<(string File, string From, string To)> Dependencies(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            if (Namespace().Match(text) is not { Success: true } own || !s_layers.Contains(own.Groups[1].Value))
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

    [GeneratedRegex(@"^namespace Ece\.ReferenceServer\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using Ece\.ReferenceServer\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    // A layer named in code (Replay.Replayer), not as part of another namespace (AspNetCore.Http.HttpContext).
    [GeneratedRegex(@"(?<![\w.])(State|Scenarios|Faults|Http|Replay|ChatApi|Survey|SamplePage|Control)\.[A-Z]\w*")]
    private static partial Regex Qualified();
}
