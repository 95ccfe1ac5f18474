using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ece.ReferenceServer.Tests.Hosting;

/// <summary>The server's command line: its options checked before the host starts, --help, a port that is taken.</summary>
public class CommandLineTests
{
    [TestCase("--bogus", "unknown option")]
    [TestCase("--max-surveys abc", "positive whole number")]
    [TestCase("--max-survey-bytes -5", "positive whole number")]
    [TestCase("--scenario", "needs a value")]
    [TestCase("--max-surveys 3000000000", "up to")]
    [TestCase("--control yes", "--control takes no value")]
    [TestCase("--log-format xml", "simple or json")]
    [TestCase("--urls http://127.0.0.1:abc", "--urls takes")]
    [TestCase("--urls https://127.0.0.1:8443", "--urls takes")]
    [TestCase("--urls 127.0.0.1:8080", "--urls takes")]
    [TestCase("--urls http://127.0.0.1:8080/sub", "--urls takes")]
    [TestCase("--base-path /{id}", "--base-path takes")]
    public void A_bad_option_is_refused_before_the_host_starts(string args, string says)
    {
        CommandLine.Problem(args.Split(' ')).Should().Contain(says);
    }

    [TestCase("--urls http://127.0.0.1:0 --scenario queue-full --control --max-surveys 5")]
    [TestCase("--urls http://localhost:5000;http://[::1]:5001 --control true")]
    [TestCase("--control --Logging:LogLevel:Microsoft.AspNetCore=Information")]
    [TestCase("--base-path=/system/ws,/system/egain --cors-origins *")]
    public void Good_options_pass(string args)
    {
        CommandLine.Problem(args.Split(' ')).Should().BeNull();
    }

    [Test]
    public void Help_names_every_option_with_an_example()
    {
        CommandLine.Help.Should().Contain("--scenario").And.Contain("--max-survey-bytes").And.Contain("Example:");
    }

    [Test]
    public void Help_lists_every_scenario_with_what_it_is()
    {
        foreach (var scenario in ReferenceServerApp.Scenarios)
        {
            CommandLine.Help.Should().MatchRegex($@"\n  {System.Text.RegularExpressions.Regex.Escape(scenario)} +\S", "each scenario is one line with its description");
        }
    }

    [Test]
    public async Task A_port_that_is_taken_is_one_line_and_exit_2()
    {
        var (exit, output, stdout) = await StartOnATakenPortAsync(workingDirectory: null);

        exit.Should().Be(2);
        output.Should().Contain("the port is taken").And.NotContain("   at ");
        stdout.Should().NotContain("   at ");
    }

    [Test]
    public async Task The_appsettings_of_the_folder_it_is_started_in_are_not_its_configuration()
    {
        // Started from a web project's folder, the server must not take that project's settings (nor watch its tree).
        var folder = Directory.CreateTempSubdirectory("ece-cwd-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{ "scenario": "a-scenario-from-appsettings" }""");
        try
        {
            var (exit, output, _) = await StartOnATakenPortAsync(folder);

            exit.Should().Be(2);
            output.Should().Contain("the port is taken", "the scenario of the command line (the default) loaded").And.NotContain("a-scenario-from-appsettings");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Stdout)> StartOnATakenPortAsync(string? workingDirectory)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Ece.ReferenceServer.dll"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);

        return (process.ExitCode, await output, await stdout);
    }
}
