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

    [Test]
    public async Task Plain_http_to_a_tls_port_is_no_verdict_and_names_the_https_url_first()
    {
        await using var tls = await SelfSignedReferenceServer();
        var plain = new UriBuilder(tls.Url) { Scheme = Uri.UriSchemeHttp, Port = tls.Url.Port }.Uri;

        var run = await Runner.RunAsync(plain, o => o with { Connection = o.Connection with { Retries = 0 } });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain($"--target https://{tls.Url.Authority}");
        run.Console.Should().NotContain("Not passing", "the findings the mistake caused are folded into one line");
        run.Console.IndexOf("--target https://", StringComparison.Ordinal).Should().BeLessThan(run.Console.IndexOf("findings follow from this", StringComparison.Ordinal), "the diagnosis comes first");
    }

    [Test]
    public async Task Tls_to_a_plain_http_port_names_the_http_url()
    {
        await using var plain = await LoopbackApp.StartAsync(ReferenceServerApp.Build(["--scenario", "default"], builder => builder.Logging.ClearProviders()));
        var tls = new UriBuilder(plain.Url) { Scheme = Uri.UriSchemeHttps, Port = plain.Url.Port }.Uri;

        var run = await Runner.RunAsync(tls, o => o with { Connection = o.Connection with { Retries = 0 } });

        run.Verdict.ExitCode.Should().Be(2, run.Console);
        run.Verdict.Summary.Should().Contain("does not speak TLS").And.Contain($"--target http://{plain.Url.Authority}");
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
