using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ece.ReferenceServer.State;

namespace Ece.ReferenceServer.Scenarios;

/// <summary>The named states of scenarios/*.json (embedded), and state files from disk.</summary>
internal static class ScenarioCatalog
{
    public const string Default = "default";

    private static readonly Assembly s_assembly = typeof(ScenarioCatalog).Assembly;

    public static IReadOnlyList<string> Names =>
        s_assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A scenario by name, or a state file by path; throws ScenarioException saying what is wrong.</summary>
    public static Scenario Load(string nameOrPath)
    {
        if (s_assembly.GetManifestResourceStream($"scenarios/{nameOrPath}.json") is { } embedded)
        {
            using (embedded)
            {
                return Parse(embedded, nameOrPath);
            }
        }
        if (File.Exists(nameOrPath))
        {
            using var file = File.OpenRead(nameOrPath);
            return Parse(file, nameOrPath);
        }
        throw new ScenarioException($"No scenario or state file '{nameOrPath}'. Scenarios: {string.Join(", ", Names)}.");
    }

    public static Scenario Parse(Stream json, string origin)
    {
        ScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ScenarioJson.Default.ScenarioFile);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{origin}: {e.Message}");
        }
        var state = file?.ToState() ?? throw new ScenarioException($"{origin} is empty.");
        var problems = state.Problems();
        return problems.Count == 0
            ? new Scenario(origin, file.Description ?? "", state)
            : throw new ScenarioException($"{origin}: {string.Join("; ", problems)}");
    }

    /// <summary>The file form of a state: a description beside the state's own members.</summary>
    public sealed record ScenarioFile(
        string? Description = null,
        bool ServiceRunning = true,
        IReadOnlyList<EntryPoint>? EntryPoints = null,
        IReadOnlyList<QueueState>? Queues = null,
        IReadOnlyList<Agent>? Agents = null)
    {
        public ChatState ToState() => new()
        {
            ServiceRunning = ServiceRunning,
            EntryPoints = EntryPoints ?? [],
            Queues = Queues ?? [],
            Agents = Agents ?? [],
        };

        public static ScenarioFile From(ChatState state, string? description = null) =>
            new(description, state.ServiceRunning, state.EntryPoints, state.Queues, state.Agents);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true, NumberHandling = JsonNumberHandling.Strict, RespectNullableAnnotations = true, WriteIndented = true)]
[JsonSerializable(typeof(ScenarioCatalog.ScenarioFile))]
internal sealed partial class ScenarioJson : JsonSerializerContext;

internal sealed record Scenario(string Name, string Description, ChatState State);

/// <summary>A scenario or state file that cannot be loaded; public as ReferenceServerApp.Build throws it, so a host
/// that embeds the server (the runner) can say it is the option's fault.</summary>
public sealed class ScenarioException(string message) : Exception(message);
