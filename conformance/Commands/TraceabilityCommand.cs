using System.CommandLine;
using Ece.Conformance.Reports;
using Ece.Spec;

namespace Ece.Conformance.Commands;

/// <summary>traceability [--write]: prints spec/traceability.md as the spec and the runner's checks make it, or
/// writes it over the committed file (run from the repository). CI fails when the committed file differs.</summary>
internal static class TraceabilityCommand
{
    private static readonly Option<bool> Write = new("--write") { Description = $"Write {TraceabilityReport.File} (from the repository's root) instead of printing it." };

    public static Command Create()
    {
        var command = new Command("traceability", "Prints the traceability table (source → rules → the runner's checks) that spec/traceability.md holds.");
        command.Options.Add(Write);
        command.SetAction(parse => Execute(parse.GetValue(Write), Console.Out));
        return command;
    }

    public static int Execute(bool write, TextWriter output) =>
        GeneratedFiles.Execute(write, output, [(TraceabilityReport.File, TraceabilityReport.Render(EceSpec.Default))]);
}
