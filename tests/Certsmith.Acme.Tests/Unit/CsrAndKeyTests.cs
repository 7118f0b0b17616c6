using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>The CSR a finalize sends (RFC 8555 §7.4) and the certificate keys behind it.</summary>
public class CsrAndKeyTests
{
    private static X509SubjectAlternativeNameExtension San(CertificateRequest request)
    {
        var raw = Assert.Single(request.CertificateExtensions, e => e.Oid?.Value == "2.5.29.17");
        return new X509SubjectAlternativeNameExtension(raw.RawData, raw.Critical);
    }

    [Theory]
    [InlineData(CertificateKeyAlgorithm.EcdsaP256, "1.2.840.10045.2.1", 256)]
    [InlineData(CertificateKeyAlgorithm.EcdsaP384, "1.2.840.10045.2.1", 384)]
    [InlineData(CertificateKeyAlgorithm.Rsa2048, "1.2.840.113549.1.1.1", 2048)]
    [InlineData(CertificateKeyAlgorithm.Rsa3072, "1.2.840.113549.1.1.1", 3072)]
    [InlineData(CertificateKeyAlgorithm.Rsa4096, "1.2.840.113549.1.1.1", 4096)]
    public void A_csr_is_signed_by_the_key_and_names_every_identifier(CertificateKeyAlgorithm algorithm, string keyOid, int keySize)
    {
        using var key = CertificateKey.Generate(algorithm);

        var der = CertificateSigningRequest.Create(key, [AcmeIdentifier.Dns("a.example.org"), AcmeIdentifier.Dns("*.b.example.org"), AcmeIdentifier.Ip(IPAddress.Parse("192.0.2.1"))]);
        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

        Assert.Equal("CN=a.example.org", request.SubjectName.Name);
        Assert.Equal(keyOid, request.PublicKey.Oid.Value);
        Assert.Equal(keySize, (request.PublicKey.GetECDsaPublicKey() as AsymmetricAlgorithm ?? request.PublicKey.GetRSAPublicKey())!.KeySize);
        var san = San(request);
        Assert.Equal(["a.example.org", "*.b.example.org"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("192.0.2.1")], san.EnumerateIPAddresses());
        Assert.Equal(algorithm, key.Algorithm);
    }

    [Fact]
    public void A_name_too_long_for_a_common_name_goes_in_the_san_only()
    {
        using var key = CertificateKey.Generate();
        var longName = new string('a', 60) + ".example.org";

        var der = CertificateSigningRequest.Create(key, [AcmeIdentifier.Dns(longName)]);
        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

        Assert.Equal("", request.SubjectName.Name);
        var san = San(request);
        Assert.True(san.Critical, "RFC 5280 §4.2.1.6: the SAN is critical when the subject is empty");
        Assert.Equal([longName], san.EnumerateDnsNames());
    }

    [Fact]
    public void A_csr_without_identifiers_is_refused()
    {
        using var key = CertificateKey.Generate();
        Assert.Throws<ArgumentException>(() => CertificateSigningRequest.Create(key, []));
    }

    [Fact]
    public void A_key_round_trips_through_pem()
    {
        using var key = CertificateKey.Generate(CertificateKeyAlgorithm.EcdsaP384);

        using var again = CertificateKey.FromPem(key.ExportPrivateKeyPem());

        Assert.Equal(CertificateKeyAlgorithm.EcdsaP384, again.Algorithm);
        Assert.Equal(((ECDsa)key.Key).ExportSubjectPublicKeyInfo(), ((ECDsa)again.Key).ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Garbage_pem_is_refused_with_a_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => CertificateKey.FromPem("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"));
        Assert.Contains("no usable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_keys_are_refused()
    {
        using var rsa1024 = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => CertificateKey.FromKey(rsa1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jws.AcmeKey.CreateRs256(1024));
    }
}
