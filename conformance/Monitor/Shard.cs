namespace Ece.Conformance.Monitor;

/// <summary>--shard i/n: this instance watches the targets whose stable hash falls in slot i of n. The hash is of the
/// target's URL alone, so every instance given the same file agrees on the split without talking to the others,
/// and adding a target to the file moves no other target to another shard.</summary>
internal sealed record Shard(int Index, int Count)
{
    public static readonly Shard All = new(1, 1);

    public static Shard Parse(string value)
    {
        var parts = value.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000 && i >= 1 && i <= n
            ? new Shard(i, n)
            : throw new UsageException($"--shard takes i/n with 1 <= i <= n <= 1000 (such as 2/3), not '{value}'.");
    }

    public bool Selects(Uri target) => (int)(Fnv1a(target.ToString()) % (ulong)Count) == Index - 1;

    public IReadOnlyList<Uri> Pick(IEnumerable<Uri> targets) => targets.Where(Selects).ToList();

    /// <summary>FNV-1a over UTF-16 code units: fixed by this code, unlike string.GetHashCode, which changes per process.</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
