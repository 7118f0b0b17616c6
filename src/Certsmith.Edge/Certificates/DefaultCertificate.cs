using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// The platform's self-signed default certificate (DESIGN.md serving rule 4), generated at start with a fresh
/// key that never leaves memory; its handshake context is built once, here.
/// </summary>
internal sealed class DefaultCertificate : IDisposable
{
    /// <summary>Long enough to outlive any edge process; it is self-signed, so no client trusts it anyway.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    private DefaultCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        Options = Tls.HandshakeOptions.For(Context);
    }

    public X509Certificate2 Certificate { get; }

    public SslStreamCertificateContext Context { get; }

    /// <summary>The handshake options every handshake it serves shares.</summary>
    public SslServerAuthenticationOptions Options { get; }

    public static DefaultCertificate Generate(string hostName, TimeProvider timeProvider)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = timeProvider.GetUtcNow();
        return new DefaultCertificate(request.CreateSelfSigned(now.AddHours(-1), now + Lifetime));
    }

    public void Dispose() => Certificate.Dispose();
}
