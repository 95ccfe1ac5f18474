using Ece.Conformance.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // CI logs and files: no wrapping at 80 columns, no colour codes.
    AnsiConsole.Profile.Width = 200;
}
var root = CheckCommand.Create();
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }
    await Console.Error.WriteLineAsync("See --help.");
    return 2;
}
try
{
    return await parse.InvokeAsync();
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // The runner must never report a verdict it did not reach.
    await Console.Error.WriteLineAsync($"internal error, nothing can be concluded: {e}");
    return 2;
}
