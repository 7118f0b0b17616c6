using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Resources;
using Certsmith.Testing;

namespace Certsmith.Acme.Tests.TestBench;

public sealed class TlsAlpnResponderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Completes_the_handshake_with_acme_tls_1_and_the_certificate_registered_for_the_name()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await TlsAlpnResponder.StartAsync(cts.Token);
        using var certificate = TlsAlpn01.CreateCertificate(AcmeIdentifier.Dns("a.example"), "token.thumbprint");
        responder.Set("a.example", certificate);

        var (protocol, served) = await HandshakeAsync(responder.Port, "a.example", cts.Token);

        Assert.Equal(TlsAlpnResponder.AcmeTls1, protocol);
        Assert.Equal(certificate.Thumbprint, served);
    }

    [Fact]
    public async Task Fails_the_handshake_for_an_unregistered_name()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await TlsAlpnResponder.StartAsync(cts.Token);
        using var certificate = TlsAlpn01.CreateCertificate(AcmeIdentifier.Dns("a.example"), "token.thumbprint");
        responder.Set("a.example", certificate);

        var failure = await Record.ExceptionAsync(() => HandshakeAsync(responder.Port, "b.example", cts.Token));

        Assert.True(failure is AuthenticationException or IOException, $"Unexpected: {failure}");
    }

    [Fact]
    public async Task Fails_the_handshake_for_a_removed_name()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await TlsAlpnResponder.StartAsync(cts.Token);
        using var certificate = TlsAlpn01.CreateCertificate(AcmeIdentifier.Dns("a.example"), "token.thumbprint");
        responder.Set("a.example", certificate);

        Assert.True(responder.Remove("a.example"));
        var failure = await Record.ExceptionAsync(() => HandshakeAsync(responder.Port, "a.example", cts.Token));

        Assert.True(failure is AuthenticationException or IOException, $"Unexpected: {failure}");
    }

    private static async Task<(SslApplicationProtocol Protocol, string Thumbprint)> HandshakeAsync(
        int port, string sniName, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = sniName,
                ApplicationProtocols = [TlsAlpnResponder.AcmeTls1],
                // The validation certificate is self-signed by design (RFC 8737 §3); the CA checks it itself.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            cancellationToken);
        return (tls.NegotiatedApplicationProtocol, tls.RemoteCertificate!.GetCertHashString());
    }
}
