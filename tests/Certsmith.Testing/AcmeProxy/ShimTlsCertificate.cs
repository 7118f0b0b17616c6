using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>A throw-away root and a 127.0.0.1/localhost server certificate it signed, for the proxy's HTTPS listener.</summary>
internal sealed class ShimTlsCertificate : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(2);

    private ShimTlsCertificate(X509Certificate2 root, X509Certificate2 server)
    {
        Root = root;
        Server = server;
    }

    /// <summary>The root, public part only.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    public static ShimTlsCertificate Create(TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Certsmith ACME shim test root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var rootWithKey = rootRequest.CreateSelfSigned(now.AddHours(-1), now + Validity);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(rootWithKey, true, false));
        using var serverPublic = serverRequest.Create(rootWithKey, now.AddHours(-1), now + Validity, RandomNumberGenerator.GetBytes(12));
        using var serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Re-import through PKCS#12 so the key is a persisted one SslStream accepts on every platform.
        var server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), password: null);
        var root = X509CertificateLoader.LoadCertificate(rootWithKey.RawData);
        return new ShimTlsCertificate(root, server);
    }

    /// <summary>A handler that trusts this root and nothing else; it holds its own copy of the root.</summary>
    public HttpMessageHandler CreateClientHandler()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(Root.RawData));
        return new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
    }

    public void Dispose()
    {
        Root.Dispose();
        Server.Dispose();
    }
}
