using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Bench.Panel;

/// <summary>
/// One certificate chain shaped like a Let's Encrypt RSA chain (an RSA-2048 leaf with a few names under an RSA-2048
/// intermediate signed by an RSA-4096 root): about 3 KB of PEM. Every record stores the same text; the panel never
/// parses a chain, so only its size matters to the pages (each row the store reads carries it).
/// </summary>
internal sealed record TestChain(string ChainPem, string Issuer)
{
    public static TestChain Create(DateTimeOffset now)
    {
        using var rootKey = RSA.Create(4096);
        using var intermediateKey = RSA.Create(2048);
        using var leafKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Certsmith Bench Root X1, O=Certsmith Bench, C=US", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
        var intermediateRequest = new CertificateRequest("CN=R11, O=Certsmith Bench, C=US", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddYears(-1), now.AddYears(3), [1, 2, 3, 4, 5, 6, 7, 8]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);
        var leafRequest = new CertificateRequest("CN=www.example-hosting-customer.com", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("www.example-hosting-customer.com");
        san.AddDnsName("example-hosting-customer.com");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        using var leaf = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(89), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6]);
        return new TestChain(leaf.ExportCertificatePem() + "\n" + intermediatePublic.ExportCertificatePem() + "\n", intermediatePublic.Subject);
    }
}
