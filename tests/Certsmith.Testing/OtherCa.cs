using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Testing;

/// <summary>A CA made in the test (root → intermediate), as "another CA" a tenant buys certificates from.</summary>
public sealed class OtherCa : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public OtherCa(string name = "Other CA")
    {
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest($"CN={name} Root", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        Root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var intermediateRequest = new CertificateRequest($"CN={name} Intermediate", _intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var signed = intermediateRequest.Create(Root, now.AddDays(-1), now.AddYears(5), RandomNumberGenerator.GetBytes(12));
        Intermediate = X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>A leaf for <paramref name="names"/> with a new key (returned), signed by the intermediate.</summary>
    public (X509Certificate2 Leaf, ECDsa Key) Issue(string[] names, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        return (Sign(request, names, notBefore, notAfter), key);
    }

    /// <summary>Signs a tenant's CSR (PEM) for its names, as the other CA would.</summary>
    public X509Certificate2 SignCsr(string csrPem, string[] names)
    {
        var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        return Sign(request, names, null, null);
    }

    private X509Certificate2 Sign(CertificateRequest request, string[] names, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Clear();
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var now = DateTimeOffset.UtcNow;
        var generator = X509SignatureGenerator.CreateForECDsa(_intermediateKey);
        return request.Create(Intermediate.SubjectName, generator, notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(90), RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>A PKCS#7 (certs-only SignedData) bundle of the certificates, as CAs send .p7b files.</summary>
    public static byte[] Pkcs7(params X509Certificate2[] certificates)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.7.2");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                }
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    foreach (var certificate in certificates)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }
                using (writer.PushSetOf())
                {
                }
            }
        }
        return writer.Encode();
    }

    public static string Pem(params X509Certificate2[] certificates) => string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
    }
}
