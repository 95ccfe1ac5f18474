using Ece.ReferenceServer;
using Ece.ReferenceServer.Scenarios;

WebApplication app;
try
{
    app = ReferenceServerApp.Build(args);
}
catch (ScenarioException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
await app.RunAsync();
return 0;

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
