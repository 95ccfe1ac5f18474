using System.Text.RegularExpressions;

namespace Ece.Conformance.Tests.Architecture;

/// <summary>One lock order (README): locks are taken inside one another in the monitor and the button check, so each
/// lock says where it stands, which locks may be held when it is taken. A lock added without saying so is found here,
/// before two orders can meet in a deadlock.</summary>
public partial class LockOrderTests
{
    [Test]
    public void Every_lock_says_which_locks_may_be_held_when_it_is_taken()
    {
        var unplaced = string.Join(Environment.NewLine, Unplaced(RepositoryFiles.Root, RepositoryFiles.ProductFolders));

        unplaced.Should().BeEmpty("each lock has a \"Lock order:\" comment (README, One lock order)");
    }

    [Test]
    public void A_lock_without_its_place_in_the_order_is_found()
    {
        var root = Directory.CreateTempSubdirectory("locks").FullName;
        Directory.CreateDirectory(Path.Combine(root, "conformance"));
        File.WriteAllText(Path.Combine(root, "conformance", "Pool.cs"), """
            class Pool
            {
                // Lock order: taken with nothing held.
                private readonly Lock _placed = new();
                private readonly SemaphoreSlim _unplaced = new(1);
                private readonly Dictionary<int, SemaphoreSlim> _gates = []; // Lock order: under _placed.
                void Run() { using var gate = new SemaphoreSlim(2); }
            }
            """);

        Unplaced(root, ["conformance"]).Should().Equal("conformance/Pool.cs:5: _unplaced", "conformance/Pool.cs:7: gate");
    }

    /// <summary>Each lock declared without "Lock order:" on its line or in the comment just above, as "path:line: name".</summary>
    private static IEnumerable<string> Unplaced(string root, IEnumerable<string> folders)
    {
        foreach (var file in RepositoryFiles.Sources(root, folders))
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (Declaration().Match(lines[i]) is { Success: true } lockDeclared && !Placed(lines, i))
                {
                    yield return $"{file}:{i + 1}: {lockDeclared.Groups["name"].Value}";
                }
            }
        }
    }

    private static bool Placed(string[] lines, int at)
    {
        if (lines[at].Contains("Lock order", StringComparison.Ordinal))
        {
            return true;
        }
        for (var i = at - 1; i >= 0 && lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal); i--)
        {
            if (lines[i].Contains("Lock order", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // A field or local of type Lock or SemaphoreSlim (or a collection of them), or a local made with new.
    [GeneratedRegex(@"\b(Lock|SemaphoreSlim)>?\s+(?<name>_?\w+)\s*(=|;)|\bvar\s+(?<name>\w+)\s*=\s*new\s+(Lock|SemaphoreSlim)\(")]
    private static partial Regex Declaration();
}
