using System.Text;

namespace Ece.Spec;

/// <summary>The traceability table of spec/traceability.md: source section → rules → what covers them.</summary>
public static class Traceability
{
    /// <param name="coverage">Per rule id, what implements it beyond the runner's check kind (server behaviour, tests).</param>
    public static string Render(EceSpec spec, IReadOnlyDictionary<string, string>? coverage = null)
    {
        var text = new StringBuilder();
        text.AppendLine("# Traceability: source → rules → coverage")
            .AppendLine()
            .AppendLine("Generated from `rules.yaml`, `errata.yaml` and `openapi.yaml`; do not edit by hand.")
            .AppendLine("Regenerate with `ECE_WRITE_TRACEABILITY=1 dotnet test tests/Ece.Conformance.Tests --filter Traceability`.")
            .AppendLine()
            .AppendLine("Covered by: the runner tests' servers that break the rule (each must fail it, and only it, by id),")
            .AppendLine("and the unusual but correct ones that may only warn on it. Every rule is also checked against the")
            .AppendLine("reference server in every scenario, where it must pass.")
            .AppendLine()
            .AppendLine("Level policy: a MUST is stated by the source, or a real client breaks without it (the client is named);")
            .AppendLine("everything else is a SHOULD or a MAY. A rule whose premise does not hold for a target (the route is not")
            .AppendLine("served, no JSON form is served) is not judged. Evidence: `observed.yaml` (OBS-nn), what real servers")
            .AppendLine("answered and real clients do, each with its public source.")
            .AppendLine()
            .AppendLine($"Spec revision {spec.Revision}, rule catalogue revision {spec.Rules.Revision}: {spec.Rules.Rules.Count} rules "
                + $"({Count(spec, RuleLevel.Must)} MUST, {Count(spec, RuleLevel.Should)} SHOULD, {Count(spec, RuleLevel.May)} MAY), {spec.Errata.Count} errata.");
        foreach (var section in Sections(spec))
        {
            text.AppendLine().AppendLine($"## {section.En} ({section.Fr})").AppendLine();
            if (spec.Operations.FirstOrDefault(o => o.Source == section) is { } op)
            {
                text.AppendLine($"Operation `{op.Id}`: `{op.Method} {op.PathTemplate}`.").AppendLine();
            }
            var rules = spec.Rules.Rules.Where(r => r.Source.Section == section).ToList();
            if (rules.Count > 0)
            {
                text.AppendLine("| Rule | Level | Why this level | Provenance | Operations | Requirement | Runner check | Covered by |")
                    .AppendLine("|---|---|---|---|---|---|---|---|");
                foreach (var rule in rules)
                {
                    var covered = coverage?.GetValueOrDefault(rule.Id) ?? "";
                    var evidence = rule.Evidence.Count == 0 ? "" : $" ({string.Join(", ", rule.Evidence)})";
                    text.AppendLine($"| {rule.Id} | {rule.LevelText} | {Cell(rule.LevelReason)}{evidence} | {rule.Provenance} | {string.Join(", ", rule.Operations)} | {Cell(rule.Requirement)} | `{rule.Check}`{(rule.Target is null ? "" : $" ({rule.Target})")} | {covered} |");
                }
            }
            foreach (var erratum in spec.Errata.Where(e => e.Section == section))
            {
                text.AppendLine().Append($"- Erratum {erratum.Id}: `{Cell(erratum.Printed)}` → `{Cell(erratum.Corrected)}` ({erratum.Detection}).");
            }
            text.AppendLine();
        }
        text.AppendLine("## Evidence from the field (observed.yaml)").AppendLine()
            .AppendLine("| Id | Kind | Who | Where | Rules it bears on |").AppendLine("|---|---|---|---|---|");
        foreach (var e in spec.Evidence)
        {
            var rules = spec.Rules.Rules.Where(r => r.Evidence.Contains(e.Id)).Select(r => r.Id);
            text.AppendLine($"| {e.Id} | {e.Kind} | {Cell(e.Who)} | {Cell(e.Where)} | {string.Join(", ", rules)} |");
        }
        return text.ToString().Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
    }

    private static int Count(EceSpec spec, RuleLevel level) => spec.Rules.Rules.Count(r => r.Level == level);

    private static IEnumerable<SourceSection> Sections(EceSpec spec) =>
        spec.Rules.Rules.Select(r => r.Source.Section)
            .Concat(spec.Errata.Select(e => e.Section))
            .Distinct()
            .OrderBy(s => spec.Operations.ToList().FindIndex(o => o.Source == s) is var i && i < 0 ? -1 : i);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
