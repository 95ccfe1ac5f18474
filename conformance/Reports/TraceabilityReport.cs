using System.Text;
using Ece.Conformance.Button;
using Ece.Conformance.Checks;
using Ece.Spec;

namespace Ece.Conformance.Reports;

/// <summary>spec/traceability.md, from the product's own data: source section → rules → the runner's check that
/// judges each (its key in <see cref="CheckRegistry"/>, and the method behind it). `traceability --write` writes it;
/// a test fails when the committed file is not what this renders.</summary>
internal static class TraceabilityReport
{
    public const string File = "spec/traceability.md";

    public static string Render(EceSpec spec)
    {
        var text = new StringBuilder();
        Preamble(text, spec);
        foreach (var section in Sections(spec))
        {
            Section(text, spec, section);
        }
        text.AppendLine("## Evidence from the field (observed.yaml)").AppendLine()
            .AppendLine("| Id | Kind | Who | Where | Rules it bears on |").AppendLine("|---|---|---|---|---|");
        foreach (var e in spec.Evidence)
        {
            var rules = spec.Rules.Rules.Where(r => r.Evidence.Contains(e.Id)).Select(r => r.Id);
            text.AppendLine($"| {e.Id} | {e.Kind} | {ReportText.SpecCell(e.Who)} | {ReportText.SpecCell(e.Where)} | {string.Join(", ", rules)} |");
        }
        return text.ToString().Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
    }

    /// <summary>How to read the file, the level policy, and what it was made from.</summary>
    private static void Preamble(StringBuilder text, EceSpec spec)
    {
        text.AppendLine("# Traceability: source → rules → checks")
            .AppendLine()
            .AppendLine("Generated from `rules.yaml`, `errata.yaml` and `openapi.yaml`; do not edit by hand.")
            .AppendLine("Regenerate with `./run-conformance.sh traceability --write`.")
            .AppendLine()
            .AppendLine("From a rule id, one hop each: its entry in `rules.yaml` (search the id); the runner's check (the key")
            .AppendLine("below, in `conformance/Checks`, and the method named beside it); the reference server's behaviour (search")
            .AppendLine("the id's area, such as `ECE-SV`, in `reference-server/`); its tests (search the id in `tests/`: the broken")
            .AppendLine("servers that must fail it, by id). Every rule is also checked against the reference server in every")
            .AppendLine("scenario, where it must pass.")
            .AppendLine()
            .AppendLine("Level policy: a MUST is stated by the source, or a real client breaks without it (the client is named);")
            .AppendLine("everything else is a SHOULD or a MAY. A rule whose premise does not hold for a target (the route is not")
            .AppendLine("served, no JSON form is served) is not judged. Evidence: `observed.yaml` (OBS-nn), what real servers")
            .AppendLine("answered and real clients do, each with its public source.")
            .AppendLine()
            .AppendLine($"Spec revision {spec.Revision}, rule catalogue revision {spec.Rules.Revision}: {spec.Rules.Rules.Count} rules "
                + $"({Count(spec, RuleLevel.Must)} MUST, {Count(spec, RuleLevel.Should)} SHOULD, {Count(spec, RuleLevel.May)} MAY), {spec.Errata.Count} errata.");
    }

    /// <summary>A section of the source: its operation, its rules with the check that judges each, its errata.</summary>
    private static void Section(StringBuilder text, EceSpec spec, SourceSection section)
    {
        text.AppendLine().AppendLine($"## {section.En} ({section.Fr})").AppendLine();
        if (spec.Operations.FirstOrDefault(o => o.Source == section) is { } op)
        {
            text.AppendLine($"Operation `{op.Id}`: `{op.Method} {op.PathTemplate}`.").AppendLine();
        }
        var rules = spec.Rules.Rules.Where(r => r.Source.Section == section).ToList();
        if (rules.Count > 0)
        {
            text.AppendLine("| Rule | Level | Why this level | Provenance | Operations | Requirement | Runner check |")
                .AppendLine("|---|---|---|---|---|---|---|");
            foreach (var rule in rules)
            {
                var evidence = rule.Evidence.Count == 0 ? "" : $" ({string.Join(", ", rule.Evidence)})";
                text.AppendLine($"| {rule.Id} | {rule.LevelText} | {ReportText.SpecCell(rule.LevelReason)}{evidence} | {rule.Provenance} | {(rule.IsClient ? RuleCatalogue.ClientScope : string.Join(", ", rule.Operations))} | {ReportText.SpecCell(rule.Requirement)} | {Check(rule)} |");
            }
        }
        foreach (var erratum in spec.Errata.Where(e => e.Section == section))
        {
            text.AppendLine().Append($"- Erratum {erratum.Id}: `{ReportText.SpecCell(erratum.Printed)}` → `{ReportText.SpecCell(erratum.Corrected)}` ({erratum.Detection}).");
        }
        text.AppendLine();
    }

    /// <summary>The check key, the field it looks at, and the class and method that implement it.</summary>
    private static string Check(Rule rule)
    {
        // Client rules (a chat-button page) are judged by the button command, the others by a server run.
        var method = rule.IsClient ? ButtonJudge.Kinds[rule.Check].Method : CheckRegistry.Kinds[rule.Check].Action.Method;
        var type = method.DeclaringType;
        while (type is { DeclaringType: not null } && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType; // a lambda's closure: name the class that registers it
        }
        // A check registered as a lambda has no name of its own: its key, where the class registers it, is the name.
        var where = method.Name.StartsWith('<') ? $"{type?.Name}[\"{rule.Check}\"]" : $"{type?.Name}.{method.Name}";
        return $"`{rule.Check}`{(rule.Target is null ? "" : $" ({rule.Target})")}: {where}";
    }

    private static int Count(EceSpec spec, RuleLevel level) => spec.Rules.Rules.Count(r => r.Level == level);

    private static IEnumerable<SourceSection> Sections(EceSpec spec) =>
        spec.Rules.Rules.Select(r => r.Source.Section)
            .Concat(spec.Errata.Select(e => e.Section))
            .Distinct()
            .OrderBy(s => spec.Operations.ToList().FindIndex(o => o.Source == s) is var i && i < 0 ? -1 : i);
}
