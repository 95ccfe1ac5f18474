using Ece.ReferenceServer;
using Ece.ReferenceServer.Scenarios;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}
if (CommandLine.Problem(args) is { } problem)
{
    await Console.Error.WriteLineAsync($"error: {problem} See --help.");
    return 2;
}
WebApplication app;
try
{
    app = ReferenceServerApp.Build(args);
}
catch (Exception e) when (e is ScenarioException or StartupException or Ece.ReferenceServer.Replay.HarException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
try
{
    await app.RunAsync();
}
catch (Exception e) when (e is Microsoft.AspNetCore.Connections.AddressInUseException
    || (e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
{
    await Console.Error.WriteLineAsync($"error: {e.Message.TrimEnd('.')}: the port is taken; give another with --urls http://127.0.0.1:PORT.");
    return 2;
}
return 0;

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
internal partial class Program;
