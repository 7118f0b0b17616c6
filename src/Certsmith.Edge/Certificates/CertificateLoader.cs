using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Certificates;
using Certsmith.Core.Security;

namespace Certsmith.Edge.Certificates;

/// <summary>Turns a stored certificate record into a <see cref="ServableCertificate"/>: decrypts its key and pairs it with the leaf.</summary>
internal static class CertificateLoader
{
    /// <summary>Whether the record holds something that could be served now or later.</summary>
    public static bool IsCandidate(CertificateRecord record, DateTimeOffset now) =>
        record.State != CertificateState.Retired
        && record.ChainPem is not null
        && record.ProtectedKey is not null
        && record.NotBefore is not null
        && record.NotAfter is { } notAfter && now < notAfter;

    /// <summary>
    /// Loads the record; throws <see cref="CryptographicException"/> (wrong master key, tampered row, a key
    /// that does not match the leaf, a malformed PEM). The decrypted key text is wiped after import.
    /// </summary>
    public static ServableCertificate Load(CertificateRecord record, IKeyProtector keyProtector)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(record.ChainPem);
        if (chain.Count == 0)
        {
            throw new CryptographicException("The chain holds no certificate.");
        }
        var leafPem = FirstPem(record.ChainPem!);
        var keyBytes = keyProtector.Unprotect(record.ProtectedKey, KeyPurposes.Certificate(record.Id));
        var keyChars = Encoding.UTF8.GetChars(keyBytes);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(leafPem, keyChars);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            Array.Clear(keyChars);
        }
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }
        chain[0].Dispose();
        var notBefore = Max(record.NotBefore!.Value, new DateTimeOffset(leaf.NotBefore.ToUniversalTime()));
        var notAfter = Min(record.NotAfter!.Value, new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
        return new ServableCertificate(record.Id, record.Version, record.TenantId, record.Names, notBefore, notAfter, leaf, intermediates);
    }

    private static ReadOnlySpan<char> FirstPem(string pem)
    {
        var span = pem.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            if (span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                return span[fields.Location];
            }
            span = span[fields.Location.End..];
        }
        throw new CryptographicException("The chain holds no CERTIFICATE PEM block.");
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
