using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ece.Conformance.Tests;

/// <summary>A self-signed certificate for a loopback TLS server, valid for a day, for 127.0.0.1 and the names given.</summary>
internal static class SelfSigned
{
    public static X509Certificate2 Certificate(params string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + (names.FirstOrDefault() ?? "localhost"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var alternatives = new SubjectAlternativeNameBuilder();
        alternatives.AddIpAddress(IPAddress.Loopback);
        foreach (var name in names)
        {
            alternatives.AddDnsName(name);
        }
        request.CertificateExtensions.Add(alternatives.Build());
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pfx), null);
    }
}
