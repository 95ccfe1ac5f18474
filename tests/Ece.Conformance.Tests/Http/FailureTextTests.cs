using System.Net.Http;
using Ece.Conformance.Http;

namespace Ece.Conformance.Tests.Http;

public class FailureTextTests
{
    [Test]
    public void The_cause_names_every_inner_exception_once_without_pointing_at_them()
    {
        var e = new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new IOException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot",
                new IOException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")));

        FailureText.Cause(e).Should().Be("The SSL connection could not be established: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot.");
    }

    [Test]
    public void Tls_spoken_to_a_plain_port_suggests_the_http_target_on_the_same_port()
    {
        var e = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established",
            new IOException("Cannot determine the frame size or a corrupted frame was received."));

        FailureText.SchemeHint(e, "https://ece.example.com:8443/system/egain/chat/entrypoint/capacity/1000")
            .Should().Be(" The port does not speak TLS: if it serves plain HTTP, run again with --target http://ece.example.com:8443");
    }

    [Test]
    public void Plain_http_that_gets_no_http_answer_suggests_the_https_target()
    {
        var e = new HttpRequestException(HttpRequestError.InvalidResponse, "The response ended prematurely.");

        FailureText.SchemeHint(e, "http://ece.example.com/system/egain/chat/entrypoint/capacity/1000")
            .Should().Be(" If the port speaks TLS (HTTPS), run again with --target https://ece.example.com:80");
    }

    [Test]
    public void A_refused_connection_or_an_untrusted_certificate_suggests_no_other_scheme()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
        var untrusted = new HttpRequestException(HttpRequestError.SecureConnectionError, "The remote certificate is invalid");

        FailureText.SchemeHint(refused, "http://ece.example.com/").Should().BeEmpty();
        FailureText.SchemeHint(untrusted, "https://ece.example.com/").Should().BeEmpty();
        FailureText.SchemeHint(null, "not a url").Should().BeEmpty();
    }
}
