using System.CommandLine;
using Ece.Spec;

namespace Ece.Conformance.Commands;

/// <summary>tool-profile [--write]: the spec in the form linters, mock servers, generators and doc tools read best
/// (spec/dist), generated from openapi.yaml so that every value stays written once. CI fails when the committed
/// files differ from what this prints.</summary>
internal static class ToolProfileCommand
{
    public const string Folder = "spec/dist";

    /// <summary>Each generated file, relative to the repository's root, with its text: made when asked for, so no
    /// other command pays for it.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files()
    {
        var profile = ToolProfile.Build(); // once for every file
        return
        [
            (Folder + "/openapi.bundle.yaml", ToolProfile.Yaml(profile)),
            (Folder + "/openapi.bundle.json", ToolProfile.Json(profile)),
            .. ToolProfile.DocumentedSchemas(EceSpec.Default, profile).Select(x => (Folder + "/xsd/" + x.File, x.Text)),
        ];
    }

    private static readonly Option<bool> Write = new("--write") { Description = $"Write the files of {Folder} (from the repository's root) instead of printing the YAML." };

    public static Command Create()
    {
        var command = new Command("tool-profile", "Prints the spec's tool profile (examples inlined, named enumerations, concrete servers) that spec/dist holds.");
        command.Options.Add(Write);
        command.SetAction(parse => Execute(parse.GetValue(Write), Console.Out));
        return command;
    }

    public static int Execute(bool write, TextWriter output) => GeneratedFiles.Execute(write, output, Files());
}
