using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>
/// The ARI certificate identifier (RFC 9773 §4.1): base64url(AKI keyIdentifier) "." base64url(serial
/// INTEGER content octets), unpadded. Written independently of Certsmith.Acme so the two check each other.
/// </summary>
public static class AcmeCertId
{
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";

    /// <summary>The certID of <paramref name="certificate"/>; it must carry an AKI keyIdentifier.</summary>
    public static string Compute(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[AuthorityKeyIdentifierOid]
            ?? throw new ArgumentException("The certificate has no Authority Key Identifier; RFC 9773 §4.1 needs one.", nameof(certificate));
        var aki = new X509AuthorityKeyIdentifierExtension(extension.RawData, extension.Critical);
        if (aki.KeyIdentifier is not { } keyIdentifier)
        {
            throw new ArgumentException("The Authority Key Identifier has no keyIdentifier.", nameof(certificate));
        }

        return Compute(keyIdentifier.Span, ReadSerialContentOctets(certificate.RawDataMemory));
    }

    /// <summary>The certID from the AKI keyIdentifier and the serial's DER INTEGER content octets.</summary>
    public static string Compute(ReadOnlySpan<byte> keyIdentifier, ReadOnlySpan<byte> serialContentOctets)
    {
        if (keyIdentifier.IsEmpty || serialContentOctets.IsEmpty)
        {
            throw new ArgumentException("Both the key identifier and the serial must be non-empty.");
        }

        return Base64Url.EncodeToString(keyIdentifier) + "." + Base64Url.EncodeToString(serialContentOctets);
    }

    /// <summary>True when <paramref name="certId"/> is two non-empty unpadded base64url parts joined by one dot.</summary>
    public static bool IsWellFormed(string certId)
    {
        var parts = certId.Split('.');
        return parts.Length == 2 && parts.All(IsBase64UrlNonEmpty);
    }

    private static bool IsBase64UrlNonEmpty(string part) =>
        part.Length > 0 && !part.Contains('=', StringComparison.Ordinal) && Base64Url.IsValid(part);

    // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber INTEGER, ... } ... }
    private static ReadOnlySpan<byte> ReadSerialContentOctets(ReadOnlyMemory<byte> der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue();
        }

        return tbs.ReadIntegerBytes().Span;
    }
}
