using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.LocalCa;

/// <summary>
/// A throwaway CA and the 127.0.0.1/localhost certificate it signs for Pebble's own HTTPS
/// listeners (ACME and management share it). Only clients from <see cref="CustomRootTrust"/> trust it.
/// </summary>
internal sealed class ListenerCertificates : IDisposable
{
    private ListenerCertificates(X509Certificate2 root, string rootPemPath, string certificatePath, string privateKeyPath)
    {
        Root = root;
        RootPemPath = rootPemPath;
        CertificatePath = certificatePath;
        PrivateKeyPath = privateKeyPath;
    }

    /// <summary>The CA certificate, public part only.</summary>
    public X509Certificate2 Root { get; }

    public string RootPemPath { get; }

    public string CertificatePath { get; }

    public string PrivateKeyPath { get; }

    /// <summary>Creates the CA and leaf and writes the PEM files Pebble reads into <paramref name="directory"/>.</summary>
    public static ListenerCertificates Create(string directory)
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddDays(2);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Certsmith test bench CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false)); // id-kp-serverAuth
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var leaf = leafRequest.Create(ca, notBefore, notAfter.AddMinutes(-1), RandomNumberGenerator.GetBytes(16));

        var rootPemPath = Path.Combine(directory, "listener-ca.pem");
        var certificatePath = Path.Combine(directory, "listener-cert.pem");
        var privateKeyPath = Path.Combine(directory, "listener-key.pem");
        File.WriteAllText(rootPemPath, ca.ExportCertificatePem());
        File.WriteAllText(certificatePath, leaf.ExportCertificatePem());
        File.WriteAllText(privateKeyPath, leafKey.ExportPkcs8PrivateKeyPem());

        var publicRoot = X509CertificateLoader.LoadCertificate(ca.RawData);
        return new ListenerCertificates(publicRoot, rootPemPath, certificatePath, privateKeyPath);
    }

    public void Dispose() => Root.Dispose();
}
