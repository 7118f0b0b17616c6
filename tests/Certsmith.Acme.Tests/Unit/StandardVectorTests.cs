using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Certsmith.Acme.Ari;
using Certsmith.Acme.Jws;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Published test vectors: RFC 7638 §3.1 and RFC 9773 §4.1.</summary>
public class StandardVectorTests
{
    private const string Rfc7638Modulus =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    [Fact]
    public void Rfc7638_example_key_has_the_published_thumbprint()
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(Rfc7638Modulus),
            Exponent = Base64Url.DecodeFromChars("AQAB"),
        });
        using var key = AcmeKey.FromKey(rsa);

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", key.Thumbprint);
        Assert.Equal("RS256", key.Algorithm);
    }

    [Fact]
    public void Ec_jwk_holds_only_the_required_members_in_lexicographic_order()
    {
        using var key = AcmeKey.CreateEs256();
        using var jwk = JsonDocument.Parse(key.PublicJwk);

        Assert.Equal(["crv", "kty", "x", "y"], jwk.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("P-256", jwk.RootElement.GetProperty("crv").GetString());
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key.PublicJwk))), key.Thumbprint);
        Assert.Equal($"tok.{key.Thumbprint}", key.GetKeyAuthorization("tok"));
    }

    [Fact]
    public void Es384_key_signs_as_es384()
    {
        using var key = AcmeKey.CreateEs384();
        Assert.Equal("ES384", key.Algorithm);
        Assert.Contains("\"P-384\"", key.PublicJwk, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc9773_example_certificate_identifier()
    {
        byte[] aki = Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
        byte[] serial = Convert.FromHexString("0087654321");

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AriCertificateId.Create(aki, serial));
    }

    [Fact]
    public void Certificate_identifier_is_read_from_a_real_certificate_keeping_the_serials_leading_zero()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var skid = new X509SubjectKeyIdentifierExtension(Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4"), false);
        caRequest.CertificateExtensions.Add(skid);
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=a.example", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(skid));
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), Convert.FromHexString("0087654321"));

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AriCertificateId.FromCertificate(leaf));
    }

    [Fact]
    public void A_certificate_without_authority_key_identifier_is_refused_with_a_reason()
    {
        using var key = ECDsa.Create();
        using var self = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        var e = Assert.Throws<ArgumentException>(() => AriCertificateId.FromCertificate(self));
        Assert.Contains("Authority Key Identifier", e.Message, StringComparison.Ordinal);
    }
}
