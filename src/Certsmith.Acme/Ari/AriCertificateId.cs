using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Acme.Ari;

/// <summary>
/// The ARI certificate identifier (RFC 9773 §4.1): base64url of the Authority Key Identifier's
/// keyIdentifier, ".", base64url of the DER serial number's value bytes (with any leading zero).
/// </summary>
public static class AriCertificateId
{
    /// <summary>The identifier of a certificate; it must carry an AKI extension with a keyIdentifier.</summary>
    public static string FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()
            ?? throw new ArgumentException("The certificate has no Authority Key Identifier, so it has no ARI identifier.", nameof(certificate));
        if (aki.KeyIdentifier is not { } keyId)
        {
            throw new ArgumentException("The certificate's Authority Key Identifier has no keyIdentifier.", nameof(certificate));
        }
        return Create(keyId.Span, SerialValueBytes(certificate.RawDataMemory));
    }

    /// <summary>Whether a string has the form of an identifier: base64url "." base64url, both parts non-empty.</summary>
    public static bool IsWellFormed(string certificateId)
    {
        ArgumentNullException.ThrowIfNull(certificateId);
        var dot = certificateId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < certificateId.Length - 1 && certificateId.LastIndexOf('.') == dot
            && certificateId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
    }

    /// <summary>The identifier from its parts: the AKI keyIdentifier and the serial number's DER value bytes.</summary>
    public static string Create(ReadOnlySpan<byte> authorityKeyIdentifier, ReadOnlySpan<byte> serialValueBytes) =>
        string.Concat(Base64Url.EncodeToString(authorityKeyIdentifier), ".", Base64Url.EncodeToString(serialValueBytes));

    private static ReadOnlySpan<byte> SerialValueBytes(ReadOnlyMemory<byte> certificateDer)
    {
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber INTEGER, ... } ... }
        var certificate = new AsnReader(certificateDer, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            tbs.ReadEncodedValue();
        }
        return tbs.ReadIntegerBytes().Span;
    }
}
