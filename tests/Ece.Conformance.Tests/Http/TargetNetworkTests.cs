using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ece.ReferenceServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Ece.Conformance.Tests.Http;

/// <summary>--proxy and --insecure against real loopback servers.</summary>
public class TargetNetworkTests
{
    [Test]
    public async Task With_proxy_every_request_goes_through_the_proxy()
    {
        var proxied = 0;
        // The fake target forwards whatever reaches it to the reference server: here it plays the proxy.
        await using var proxy = await FakeTarget.StartAsync(_ =>
        {
            Interlocked.Increment(ref proxied);
            return Task.FromResult<Reply?>(null);
        });

        // No such host can be resolved: only the proxy can have carried these requests.
        var run = await Runner.RunAsync(new Uri("http://ece.invalid:8080/"), o => o with { Connection = o.Connection with { Proxy = proxy.Url } });

        run.Verdict.ExitCode.Should().Be(0, run.Console);
        proxied.Should().Be(run.Result.Exchanges.Count);
    }

    [Test]
    public async Task A_self_signed_certificate_is_refused_unless_insecure_is_given()
    {
        await using var tls = await SelfSignedReferenceServer();

        var strict = await Runner.RunAsync(tls.Url, o => o with { Connection = o.Connection with { Retries = 0 } });
        var insecure = await Runner.RunAsync(tls.Url, o => o with { Connection = o.Connection with { Insecure = true } });

        strict.Verdict.ExitCode.Should().Be(2);
        strict.Verdict.Summary.Should().Contain("could not be reached").And.Contain("SSL").And.Contain("certificate", "the innermost cause is shown").And.NotContain("inner exception");
        insecure.Verdict.ExitCode.Should().Be(0, insecure.Console);
    }

    private static async Task<LoopbackApp> SelfSignedReferenceServer()
    {
        var certificate = SelfSigned.Certificate();
        var app = ReferenceServerApp.Build(["--scenario", "default"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        });
        return await LoopbackApp.StartAsync(app);
    }
}
