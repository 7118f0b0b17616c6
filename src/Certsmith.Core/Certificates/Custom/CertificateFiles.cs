using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Platform;

namespace Certsmith.Core.Certificates.Custom;

/// <summary>
/// Reads what tenants bring from other CAs — certificates as PEM, DER or a PKCS#7 bundle, private keys as PEM
/// (PKCS#8, SEC1, PKCS#1, encrypted PKCS#8), PKCS#12 files — and turns every way one can be wrong into a
/// <see cref="PlatformInputException"/> naming the field and saying what is wrong. Nothing here touches the store.
/// </summary>
public static class CertificateFiles
{
    /// <summary>The largest file accepted (a certificate with a long chain is a few kilobytes).</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>The most certificates a file may hold (a leaf and its intermediates).</summary>
    public const int MaxCertificates = 10;

    private const string Pkcs7SignedData = "1.2.840.113549.1.7.2";

    /// <summary>The certificates in a file, in file order; refused when it holds none (or something else instead).</summary>
    public static IReadOnlyList<X509Certificate2> ReadCertificates(byte[] content, string field)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckSize(content, field);
        if (LooksLikePem(content))
        {
            return ReadPemCertificates(Encoding.UTF8.GetString(content), field);
        }
        // Binary: one DER certificate, or a PKCS#7 bundle.
        if (TryReadPkcs7(content, out var bundle))
        {
            return bundle.Count > 0 ? bundle : throw Invalid(field, "The PKCS#7 file holds no certificate.");
        }
        try
        {
            return [X509CertificateLoader.LoadCertificate(content)];
        }
        catch (CryptographicException)
        {
            throw Invalid(field, "That is not a certificate: expected PEM (-----BEGIN CERTIFICATE-----), DER or a PKCS#7 bundle.");
        }
    }

    /// <summary>A private key from PEM (PKCS#8, SEC1 EC, PKCS#1 RSA, or encrypted PKCS#8 with <paramref name="password"/>).</summary>
    public static AsymmetricAlgorithm ReadPrivateKey(byte[] content, string? password, string field)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckSize(content, field);
        var text = Encoding.UTF8.GetString(content);
        var labels = PemLabels(text);
        if (labels.Count == 0)
        {
            throw Invalid(field, "That is not a private key in PEM (-----BEGIN PRIVATE KEY-----).");
        }
        var label = labels.FirstOrDefault(l => l.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            ?? throw Invalid(field, labels.Contains("CERTIFICATE") ? "That is a certificate, not a private key." : labels.Contains("CERTIFICATE REQUEST") ? "That is a CSR, not a private key." : "That is not a private key.");
        if (label == "ENCRYPTED PRIVATE KEY" && string.IsNullOrEmpty(password))
        {
            throw Invalid("password", "The private key is encrypted: give its password.");
        }
        foreach (var create in new Func<AsymmetricAlgorithm>[] { ECDsa.Create, RSA.Create })
        {
            var key = create();
            try
            {
                if (label == "ENCRYPTED PRIVATE KEY")
                {
                    key.ImportFromEncryptedPem(text, password);
                }
                else
                {
                    key.ImportFromPem(text);
                }
                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                key.Dispose();
            }
        }
        // Neither an ECDSA nor an RSA import worked: for an encrypted key that is a wrong password (or another key type).
        throw label == "ENCRYPTED PRIVATE KEY"
            ? Invalid("password", "The password does not open the private key (or it is not an ECDSA or RSA key).")
            : Invalid(field, "The private key could not be read (truncated, or not an ECDSA or RSA key).");
    }

    /// <summary>The certificates of a PKCS#12 file and the key of its leaf; refused when the password is wrong or nothing is in it.</summary>
    public static (IReadOnlyList<X509Certificate2> Certificates, AsymmetricAlgorithm Key) ReadPkcs12(byte[] content, string? password, string field)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckSize(content, field);
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(content, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Pkcs12LoadLimitExceededException)
        {
            throw Invalid(field, "The PKCS#12 file is too complex to open (more entries or iterations than a certificate needs).");
        }
        catch (CryptographicException)
        {
            throw Invalid("password", "The PKCS#12 file could not be opened: wrong password, or not a PKCS#12 file.");
        }
        var withKey = collection.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw Invalid(field, "The PKCS#12 file holds no private key.");
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)withKey.GetECDsaPrivateKey() ?? withKey.GetRSAPrivateKey()
            ?? throw Invalid(field, "The PKCS#12 file's key is neither ECDSA nor RSA.");
        // Leaf first, as in a PEM bundle.
        var ordered = collection.OrderBy(c => c.Equals(withKey) ? 0 : 1).ToList();
        return (ordered, key);
    }

    /// <summary>Whether <paramref name="key"/> is the private key of <paramref name="certificate"/>.</summary>
    public static bool KeyMatches(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        var publicKey = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return key switch
        {
            ECDsa ec => publicKey.AsSpan().SequenceEqual(ec.ExportSubjectPublicKeyInfo()),
            RSA rsa => publicKey.AsSpan().SequenceEqual(rsa.ExportSubjectPublicKeyInfo()),
            _ => false,
        };
    }

    /// <summary>
    /// Whether <paramref name="issuer"/> signed <paramref name="child"/>: issuer name matches and the signature verifies
    /// with the issuer's key (RSA PKCS#1 v1.5 or ECDSA with SHA-256/384/512).
    /// </summary>
    public static bool IsSignedBy(X509Certificate2 child, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!child.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            return false;
        }
        try
        {
            var certificate = new AsnReader(child.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = certificate.ReadEncodedValue().ToArray();
            var algorithm = certificate.ReadSequence().ReadObjectIdentifier();
            var signature = certificate.ReadBitString(out _);
            var (hash, ecdsa) = algorithm switch
            {
                "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, false),
                "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, false),
                "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, false),
                "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, true),
                "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, true),
                "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, true),
                _ => (default, false),
            };
            if (hash == default)
            {
                return false;
            }
            if (ecdsa)
            {
                using var key = issuer.GetECDsaPublicKey();
                return key is not null && key.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
            using var rsa = issuer.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The DNS names a certificate is for: its subject alternative names, else its common name.</summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        List<string> names;
        try
        {
            names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        }
        catch (CryptographicException)
        {
            throw Invalid("names", "The certificate's subject alternative names are malformed.");
        }
        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } cn)
        {
            names.Add(cn);
        }
        return names.Select(n => n.TrimEnd('.').ToLowerInvariant()).Distinct().ToList();
    }

    private static List<X509Certificate2> ReadPemCertificates(string text, string field)
    {
        var labels = PemLabels(text);
        if (!labels.Contains("CERTIFICATE") && !labels.Contains("PKCS7"))
        {
            throw Invalid(field, labels.Contains("CERTIFICATE REQUEST") || labels.Contains("NEW CERTIFICATE REQUEST") ? "That is a CSR, not a certificate: send it to the CA and install what it returns."
                : labels.Any(l => l.EndsWith("PRIVATE KEY", StringComparison.Ordinal)) ? "That is a private key, not a certificate."
                : text.Contains("-----BEGIN", StringComparison.Ordinal) ? "The PEM is truncated or damaged: no complete CERTIFICATE block."
                : "That is not a certificate: expected PEM (-----BEGIN CERTIFICATE-----), DER or a PKCS#7 bundle.");
        }
        var certificates = new List<X509Certificate2>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            if (label == "CERTIFICATE")
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException)
                {
                    throw Invalid(field, $"Certificate {certificates.Count + 1} in the file is damaged.");
                }
            }
            else if (label == "PKCS7" && TryReadPkcs7(der, out var bundle))
            {
                certificates.AddRange(bundle);
            }
            rest = rest[fields.Location.End..];
        }
        if (certificates.Count > MaxCertificates)
        {
            throw Invalid(field, $"The file holds {certificates.Count} certificates; a certificate with its chain needs at most {MaxCertificates}.");
        }
        return certificates.Count > 0 ? certificates : throw Invalid(field, "The PEM is truncated or damaged: no complete CERTIFICATE block.");
    }

    /// <summary>Reads the certificates of a PKCS#7 SignedData (RFC 5652: ContentInfo → SignedData → [0] certificates).</summary>
    private static bool TryReadPkcs7(byte[] der, out List<X509Certificate2> certificates)
    {
        certificates = [];
        try
        {
            var contentInfo = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != Pkcs7SignedData)
            {
                return false;
            }
            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf();
            signedData.ReadSequence();
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var set = signedData.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0));
                while (set.HasData)
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(set.ReadEncodedValue().ToArray()));
                }
            }
            return true;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    private static bool LooksLikePem(byte[] content) =>
        Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);

    private static List<string> PemLabels(string text)
    {
        var labels = new List<string>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            labels.Add(rest[fields.Label].ToString());
            rest = rest[fields.Location.End..];
        }
        return labels;
    }

    private static void CheckSize(byte[] content, string field)
    {
        if (content.Length == 0)
        {
            throw Invalid(field, "The file is empty.");
        }
        if (content.Length > MaxFileBytes)
        {
            throw Invalid(field, $"The file is too large ({content.Length / 1024} KiB; at most {MaxFileBytes / 1024} KiB).");
        }
    }

    private static PlatformInputException Invalid(string field, string message) => new(PlatformInputError.Invalid, field, message);
}
