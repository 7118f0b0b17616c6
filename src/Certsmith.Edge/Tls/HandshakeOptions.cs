using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Edge.Tls;

/// <summary>The server options of an ordinary (not TLS-ALPN-01) handshake, made once per certificate context and shared by its handshakes.</summary>
internal static class HandshakeOptions
{
    /// <summary>TLS 1.0 and 1.1 are deprecated (RFC 8996).</summary>
    internal const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static SslServerAuthenticationOptions For(SslStreamCertificateContext context) => new()
    {
        ServerCertificateContext = context,
        EnabledSslProtocols = Protocols,
        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // Session tickets (RFC 8446 §4.6.1): a returning client resumes without a new signature.
        AllowTlsResume = true,
    };
}
