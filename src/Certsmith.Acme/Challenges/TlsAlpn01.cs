using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Challenges;

/// <summary>The TLS-ALPN-01 challenge (RFC 8737).</summary>
public static class TlsAlpn01
{
    /// <summary>The ALPN protocol name the CA offers and the responder must select (RFC 8737 §6.2).</summary>
    public static readonly SslApplicationProtocol Protocol = new("acme-tls/1");

    /// <summary>The id-pe-acmeIdentifier extension OID (RFC 8737 §6.1).</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    /// <summary>The certificate lives long enough for one validation, no longer.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// The self-signed validation certificate (RFC 8737 §3): a subjectAltName with exactly the identifier
    /// (DNS name, or IP address per RFC 8738 §6), and a critical acmeIdentifier extension holding the
    /// SHA-256 digest of the key authorization as an ASN.1 OCTET STRING.
    /// </summary>
    public static X509Certificate2 CreateCertificate(AcmeIdentifier identifier, string keyAuthorization, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentException.ThrowIfNullOrEmpty(keyAuthorization);
        if (identifier.IsWildcard)
        {
            throw new ArgumentException("TLS-ALPN-01 cannot validate a wildcard (RFC 8737 §3).", nameof(identifier));
        }
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (identifier.Type == AcmeIdentifier.IpType && IPAddress.TryParse(identifier.Value, out var ip))
        {
            san.AddIpAddress(ip);
        }
        else
        {
            san.AddDnsName(identifier.Value);
        }
        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509Extension(AcmeIdentifierOid, ExtensionValue(keyAuthorization), critical: true));
        // Linux's SslStream takes the ephemeral key as it is (a PKCS#12 round trip would cost ~10 ms).
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
    }

    /// <summary>The acmeIdentifier extension value: DER OCTET STRING of SHA-256(key authorization).</summary>
    public static byte[] ExtensionValue(string keyAuthorization)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
        return writer.Encode();
    }

    /// <summary>The SNI name the CA sends for an identifier: the name, or for an IP the reverse-DNS name (RFC 8738 §6).</summary>
    public static string ServerName(AcmeIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (identifier.Type != AcmeIdentifier.IpType || !IPAddress.TryParse(identifier.Value, out var ip))
        {
            return identifier.Value;
        }
        var bytes = ip.GetAddressBytes();
        var sb = new StringBuilder();
        if (bytes.Length == 4)
        {
            for (var i = 3; i >= 0; i--)
            {
                sb.Append(bytes[i]).Append('.');
            }
            return sb.Append("in-addr.arpa").ToString();
        }
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            sb.Append("0123456789abcdef"[bytes[i] & 0xF]).Append('.').Append("0123456789abcdef"[bytes[i] >> 4]).Append('.');
        }
        return sb.Append("ip6.arpa").ToString();
    }
}
