using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Certificates;

/// <summary>Builds the PKCS#10 CSR an order is finalized with (RFC 8555 §7.4).</summary>
public static class CertificateSigningRequest
{
    /// <summary>RFC 5280 upper bound for a common name; longer names go in the SAN only.</summary>
    private const int MaxCommonNameLength = 64;

    /// <summary>
    /// A DER CSR naming exactly <paramref name="identifiers"/> in the subjectAltName (DNS names and IP
    /// addresses); the first DNS name that fits is also the common name, as CAs still show it.
    /// </summary>
    public static byte[] Create(CertificateKey key, IEnumerable<AcmeIdentifier> identifiers)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ids = identifiers.ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("A certificate names at least one identifier.", nameof(identifiers));
        }
        var san = new SubjectAlternativeNameBuilder();
        foreach (var id in ids)
        {
            switch (id.Type)
            {
                case AcmeIdentifier.DnsType:
                    san.AddDnsName(id.Value);
                    break;
                case AcmeIdentifier.IpType when IPAddress.TryParse(id.Value, out var ip):
                    san.AddIpAddress(ip);
                    break;
                default:
                    throw new ArgumentException($"Cannot put identifier {id} in a certificate.", nameof(identifiers));
            }
        }
        var cn = ids.FirstOrDefault(i => i.Type == AcmeIdentifier.DnsType && i.Value.Length <= MaxCommonNameLength)?.Value;
        var subject = cn is null ? new X500DistinguishedName("") : new X500DistinguishedName($"CN={cn}");
        var request = key.Key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, key.Algorithm == CertificateKeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        request.CertificateExtensions.Add(san.Build(critical: cn is null));
        return request.CreateSigningRequest();
    }
}
