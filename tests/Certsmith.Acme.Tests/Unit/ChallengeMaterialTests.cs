using System.Buffers.Text;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>What is published for each challenge: RFC 8555 §8.3, §8.4 and RFC 8737 §3.</summary>
public class ChallengeMaterialTests
{
    private const string KeyAuthorization = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.nP1qzpXGymHBrUEepNY9HCsQk7K8KhOypzEt62jcerQ";

    [Fact]
    public void Tls_alpn_certificate_names_exactly_the_identifier_and_carries_the_critical_acme_identifier_extension()
    {
        using var certificate = TlsAlpn01.CreateCertificate(AcmeIdentifier.Dns("www.example.org"), KeyAuthorization);

        var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["www.example.org"], san.EnumerateDnsNames());
        Assert.Empty(san.EnumerateIPAddresses());
        var acme = Assert.Single(certificate.Extensions.Cast<X509Extension>(), e => e.Oid?.Value == "1.3.6.1.5.5.7.1.31");
        Assert.True(acme.Critical);
        var digest = new AsnReader(acme.RawData, AsnEncodingRules.DER).ReadOctetString();
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(KeyAuthorization)), digest);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(certificate.Subject, certificate.Issuer);
    }

    [Fact]
    public void Tls_alpn_extension_value_is_a_der_octet_string_of_32_bytes()
    {
        var value = TlsAlpn01.ExtensionValue(KeyAuthorization);

        Assert.Equal(34, value.Length);
        Assert.Equal(0x04, value[0]);
        Assert.Equal(0x20, value[1]);
    }

    [Fact]
    public void Tls_alpn_for_an_ip_address_names_the_address_and_answers_its_reverse_name()
    {
        var identifier = AcmeIdentifier.Ip(IPAddress.Parse("192.0.2.5"));
        using var certificate = TlsAlpn01.CreateCertificate(identifier, KeyAuthorization);

        var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal([IPAddress.Parse("192.0.2.5")], san.EnumerateIPAddresses());
        Assert.Equal("5.2.0.192.in-addr.arpa", TlsAlpn01.ServerName(identifier));
        Assert.Equal("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa",
            TlsAlpn01.ServerName(AcmeIdentifier.Ip(IPAddress.Parse("4321:0:1:2:3:4:567:89ab"))));
    }

    [Fact]
    public void Tls_alpn_protocol_is_acme_tls_1()
    {
        Assert.Equal("acme-tls/1", TlsAlpn01.Protocol.ToString());
    }

    [Fact]
    public void Dns01_value_is_the_base64url_sha256_of_the_key_authorization()
    {
        var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(KeyAuthorization)));

        Assert.Equal(expected, ChallengeResponses.Dns01TxtValue(KeyAuthorization));
        Assert.Equal(43, expected.Length);
        Assert.Equal("_acme-challenge.example.org", ChallengeResponses.Dns01RecordName(AcmeIdentifier.Dns("*.example.org")));
        Assert.Equal("_acme-challenge.www.example.org", ChallengeResponses.Dns01RecordName(AcmeIdentifier.Dns("www.example.org")));
    }

    [Fact]
    public void Http01_path_is_under_well_known()
    {
        Assert.Equal("/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA", ChallengeResponses.Http01Path("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"));
    }
}
