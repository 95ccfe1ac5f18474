using Ece.ReferenceServer.Control;
using Flurl.Http;

namespace Ece.ReferenceServer.Tests.Control;

/// <summary>The control API changes what every chat button and test sees: it stays on the machine unless a token
/// is given, and with a token it answers only to it; the chat API stays open either way.</summary>
public class ControlAccessTests
{
    [TestCase("http://0.0.0.0:8080")]
    [TestCase("http://*:8080")]
    [TestCase("http://192.168.1.20:8080")]
    [TestCase("http://127.0.0.1:8080;http://[::]:8080")]
    public void The_control_api_beyond_loopback_without_a_token_refuses_to_start(string urls)
    {
        var start = () => ReferenceServerApp.Build(["--urls", urls, "--control"]);

        start.Should().Throw<StartupException>().WithMessage("*--control-token*ECE_CONTROL_TOKEN*127.0.0.1*");
    }

    [TestCase("--Kestrel:Endpoints:Open:Url=http://0.0.0.0:9000")]
    [TestCase("--http_ports=8080")]
    public void The_control_api_beyond_loopback_by_any_other_setting_refuses_to_start_too(string setting)
    {
        var start = () => ReferenceServerApp.Build(["--control", setting]);

        start.Should().Throw<StartupException>();
    }

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://localhost:8080")]
    [TestCase("http://[::1]:8080")]
    public void The_control_api_on_loopback_starts_without_a_token(string urls)
    {
        var start = () => ReferenceServerApp.Build(["--urls", urls, "--control"]);

        start.Should().NotThrow();
        ReferenceServerApp.Build(["--urls", "http://0.0.0.0:8080"]).Should().NotBeNull("without --control, any address is the chat API's");
    }

    [Test]
    public async Task With_a_token_the_control_api_answers_only_to_it_and_the_chat_api_stays_open()
    {
        using var server = new TestServer("default", ("control-token", "s3cret"));

        var without = await server.Client.Request("control", "state").GetAsync();
        var wrong = await server.Client.Request("control", "state").WithHeader("Authorization", "Bearer s3cre").GetAsync();
        var right = await server.Client.Request("control", "state").WithHeader("Authorization", "Bearer s3cret").GetAsync();
        var chat = await server.Client.Request(TestServer.Spec.DefaultBasePath + "/chat/entrypoint/chatAllowed/1000").GetAsync();

        without.StatusCode.Should().Be(401);
        without.Headers.TryGetFirst("WWW-Authenticate", out var challenge).Should().BeTrue();
        challenge.Should().Be("Bearer");
        (await without.GetStringAsync()).Should().Contain("Authorization: Bearer");
        wrong.StatusCode.Should().Be(401);
        right.StatusCode.Should().Be(200);
        chat.StatusCode.Should().Be(200);
    }

    [Test]
    public void The_start_up_banner_shows_an_address_a_person_can_open()
    {
        ReferenceServerApp.Openable("http://0.0.0.0:8080").Should().NotContain("0.0.0.0").And.EndWith(":8080");
        ReferenceServerApp.Openable("http://127.0.0.1:8080").Should().Be("http://127.0.0.1:8080");
    }
}
