using System.Reflection;

namespace Ece.Spec;

/// <summary>The contract files, embedded in this assembly under spec/ (see Ece.Spec.csproj).</summary>
public static class SpecResources
{
    private static readonly Assembly s_assembly = typeof(SpecResources).Assembly;

    public static Stream Open(string relativePath) =>
        s_assembly.GetManifestResourceStream("spec/" + relativePath)
        ?? throw new SpecException($"The spec file {relativePath} is not embedded in {s_assembly.GetName().Name}.");

    public static string ReadText(string relativePath)
    {
        using var reader = new StreamReader(Open(relativePath));
        return reader.ReadToEnd();
    }

    public static IEnumerable<string> List(string folder) =>
        s_assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("spec/" + folder + "/", StringComparison.Ordinal))
            .Select(n => n["spec/".Length..])
            .Order(StringComparer.Ordinal);
}

public sealed class SpecException(string message) : Exception(message);
