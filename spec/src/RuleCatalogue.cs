using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Ece.Spec;

/// <summary>The rules of rules.yaml, validated against the operations of openapi.yaml.</summary>
public sealed partial class RuleCatalogue
{
    public const string AllGetOperations = "GET";

    /// <summary>The scope of the rules for a team's own chat-button page (the button command), not for a server.</summary>
    public const string ClientScope = "client";

    private readonly Dictionary<string, Rule> _byId;

    private RuleCatalogue(string revision, IReadOnlyList<Rule> rules)
    {
        Revision = revision;
        Rules = rules;
        _byId = rules.ToDictionary(r => r.Id);
    }

    public string Revision { get; }

    /// <summary>A catalogue already validated (the compact form of a parsed one).</summary>
    internal static RuleCatalogue From(string revision, IReadOnlyList<Rule> rules) => new(revision, rules);

    public IReadOnlyList<Rule> Rules { get; }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public IEnumerable<Rule> For(string operationId) => Rules.Where(r => r.Operations.Contains(operationId));

    [GeneratedRegex(@"^ECE-[A-Z]{2}-[0-9]{3}$")]
    private static partial Regex IdPattern();

    /// <summary>Whether <paramref name="text"/> has the form of a rule id (ECE-GN-001), known to this catalogue or not.</summary>
    public static bool IsRuleId(string text) => IdPattern().IsMatch(text);

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(RuleDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(SourceDto))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, typeof(SectionDto))]
    internal static RuleCatalogue Parse(string yaml, IReadOnlyList<Operation> operations, IReadOnlySet<string> evidence)
    {
        var file = SpecYaml.Deserialize<RulesFile>(yaml, "rules.yaml");
        var problems = new List<string>();
        var rules = new List<Rule>();
        foreach (var r in file.Rules)
        {
            var where = r.Id ?? "(a rule without id)";
            if (r.Id is null || !IdPattern().IsMatch(r.Id)) { problems.Add($"{where}: id must look like ECE-XX-000"); }
            if (!Enum.TryParse<RuleLevel>(r.Level, ignoreCase: true, out var level) || r.Level != r.Level?.ToUpperInvariant()) { problems.Add($"{where}: level must be MUST, SHOULD or MAY"); }
            if (string.IsNullOrWhiteSpace(r.Requirement)) { problems.Add($"{where}: no requirement"); }
            if (r.Source?.Section is null || string.IsNullOrWhiteSpace(r.Source.Fr) || string.IsNullOrWhiteSpace(r.Source.En)) { problems.Add($"{where}: a rule needs its source (section, fr, en)"); }
            if (r.Provenance is not ("source" or "derived" or "observed")) { problems.Add($"{where}: provenance must be source, derived or observed"); }
            if (r.Provenance is "derived" or "observed" && string.IsNullOrWhiteSpace(r.Reasoning)) { problems.Add($"{where}: a {r.Provenance} rule needs its reasoning"); }
            if (string.IsNullOrWhiteSpace(r.Check)) { problems.Add($"{where}: no check"); }
            if (level == RuleLevel.Must && r.Provenance != "source" && string.IsNullOrWhiteSpace(r.Client))
            {
                problems.Add($"{where}: a MUST the source does not state names the client that breaks otherwise (client:), or it is a SHOULD");
            }
            problems.AddRange(r.Evidence.Where(e => !evidence.Contains(e)).Select(e => $"{where}: evidence {e} is not in observed.yaml"));
            var scope = Scope(r.Scope, operations, where, problems);
            foreach (var op in operations.Where(o => r.Target is not null && scope.Contains(o.Id)))
            {
                var opId = op.Id;
                var message = op.Response ?? op.Request;
                if (message?.Fields.Any(f => f.Name == r.Target) != true) { problems.Add($"{where}: {opId} has no field {r.Target}"); }
            }
            rules.Add(new Rule(r.Id ?? "", level, scope, r.Check ?? "", r.Target, r.Requirement ?? "", r.Provenance ?? "", r.Reasoning, new SourceQuote(
                new SourceSection(r.Source?.Section?.Fr ?? "", r.Source?.Section?.En ?? ""), r.Source?.Fr ?? "", r.Source?.En ?? ""))
            {
                Client = r.Client,
                Evidence = r.Evidence,
            });
        }
        problems.AddRange(rules.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: id used {g.Count()} times"));
        return problems.Count == 0
            ? new RuleCatalogue(file.Revision ?? "", rules)
            : throw new SpecException("rules.yaml is not valid:\n  " + string.Join("\n  ", problems));
    }

    private static List<string> Scope(object? scope, IReadOnlyList<Operation> operations, string where, List<string> problems)
    {
        var names = scope switch
        {
            string s when s == ClientScope => [],
            string s when s == AllGetOperations => operations.Where(o => o.Method == HttpMethod.Get).Select(o => o.Id).ToList(),
            string s => [s],
            IEnumerable<object> list => list.Select(o => o.ToString() ?? "").ToList(),
            _ => [],
        };
        if (names.Count == 0 && !Equals(scope, ClientScope)) { problems.Add($"{where}: no scope"); }
        problems.AddRange(names.Where(n => operations.All(o => o.Id != n)).Select(n => $"{where}: unknown operation {n}"));
        return names;
    }

    private sealed class RulesFile
    {
        public string? Revision { get; set; }
        public List<RuleDto> Rules { get; set; } = [];
    }

    private sealed class RuleDto
    {
        public string? Id { get; set; }
        public string? Level { get; set; }
        public object? Scope { get; set; }
        public string? Check { get; set; }
        public string? Target { get; set; }
        public string? Requirement { get; set; }
        public string? Provenance { get; set; }
        public string? Reasoning { get; set; }
        /// <summary>A remark for readers of rules.yaml; the loader accepts it so unknown keys can stay errors.</summary>
        public string? Note { get; set; }
        public string? Client { get; set; }
        public List<string> Evidence { get; set; } = [];
        public SourceDto? Source { get; set; }
    }

    internal sealed class SourceDto
    {
        public SectionDto? Section { get; set; }
        public string? Fr { get; set; }
        public string? En { get; set; }
    }

    internal sealed class SectionDto
    {
        public string? Fr { get; set; }
        public string? En { get; set; }
    }
}
