using Ece.Conformance.Commands;
using Spectre.Console;

var root = CheckCommand.Create();
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
    }
    AnsiConsole.MarkupLine("See --help.");
    return 2;
}
try
{
    return await parse.InvokeAsync();
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // The runner must never report a verdict it did not reach.
    AnsiConsole.MarkupLine($"[red]internal error, nothing can be concluded:[/] {Markup.Escape(e.ToString())}");
    return 2;
}
