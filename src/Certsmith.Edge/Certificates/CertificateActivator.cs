using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Certificates;
using Certsmith.Core.Security;
using Certsmith.Edge.Tls;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// Turns stored certificate records into <see cref="ServableCertificate"/>s in two steps: <see cref="Prepare"/> at
/// snapshot build keeps only the chain as DER and the key still encrypted (cheap, for every certificate);
/// <see cref="Activate"/> on a certificate's first handshake decrypts the key and builds its context (once, for
/// the certificates in use). Intermediates are held once (as bytes and as loaded certificates) however many
/// certificates share them; the pool grows with the distinct intermediates seen, a handful a year. A singleton per
/// edge; thread-safe.
/// </summary>
internal sealed partial class CertificateActivator
{
    private readonly IKeyProtector _keyProtector;
    private readonly ILogger<CertificateActivator> _logger;
    private readonly ConcurrentDictionary<byte[], byte[]> _intermediates = new(ByteContent.Comparer);
    private readonly ConcurrentDictionary<byte[], X509Certificate2> _intermediateCertificates = new(ByteContent.Comparer);
    private long _activations;

    public CertificateActivator(IKeyProtector keyProtector, ILogger<CertificateActivator> logger)
    {
        _keyProtector = keyProtector;
        _logger = logger;
    }

    /// <summary>How many contexts this edge has built (for tests and diagnostics).</summary>
    public long Activations => Interlocked.Read(ref _activations);

    /// <summary>Whether the record holds something that could be served now or later.</summary>
    public static bool IsCandidate(CertificateRecord record, DateTimeOffset now) =>
        record.State != CertificateState.Retired
        && record.ChainPem is not null
        && record.ProtectedKey is not null
        && record.NotBefore is not null
        && record.NotAfter is { } notAfter && now < notAfter;

    /// <summary>The record as a servable certificate not built yet; null (logged) when its chain is malformed. Call only for a candidate.</summary>
    public ServableCertificate? Prepare(CertificateRecord record)
    {
        var chain = ChainDer(record.ChainPem!);
        if (chain is null)
        {
            LogUnloadable(record.Id, record.Version, "the chain holds no readable CERTIFICATE");
            return null;
        }
        return new ServableCertificate(record.Id, record.Version, record.TenantId, record.Names, record.NotBefore!.Value, record.NotAfter!.Value,
            record.ProtectedKey!, chain, this);
    }

    /// <summary>Decrypts the key and builds the context; null (logged) when key or chain do not load. The decrypted key is wiped after import.</summary>
    public ActiveCertificate? Activate(ServableCertificate certificate)
    {
        try
        {
            var leaf = LoadLeaf(certificate);
            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < certificate.ChainDer.Length; i++)
            {
                // One loaded intermediate shared by every context that sends it: a context only reads it.
                intermediates.Add(_intermediateCertificates.GetOrAdd(certificate.ChainDer[i], static der => X509CertificateLoader.LoadCertificate(der)));
            }
            // offline: the chain is built from what we hold; no AIA fetch or OCSP download in a handshake.
            var context = System.Net.Security.SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            Interlocked.Increment(ref _activations);
            var notBefore = Max(certificate.NotBefore, new DateTimeOffset(leaf.NotBefore.ToUniversalTime()));
            var notAfter = Min(certificate.NotAfter, new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
            return new ActiveCertificate(leaf, context, HandshakeOptions.For(context), notBefore, notAfter);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            // The exception type only: messages of key imports are not ours to vouch for.
            LogUnloadable(certificate.Id, certificate.Version, e.GetType().Name);
            return null;
        }
    }

    private X509Certificate2 LoadLeaf(ServableCertificate certificate)
    {
        var keyBytes = _keyProtector.Unprotect(certificate.ProtectedKey, KeyPurposes.Certificate(certificate.Id));
        var keyChars = Encoding.UTF8.GetChars(keyBytes);
        try
        {
            return X509Certificate2.CreateFromPem(PemEncoding.Write("CERTIFICATE", certificate.ChainDer[0]), keyChars);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            Array.Clear(keyChars);
        }
    }

    /// <summary>The CERTIFICATE blocks of a PEM chain as DER, leaf first, intermediates interned; null when there is none or one is malformed.</summary>
    private byte[][]? ChainDer(string pem)
    {
        var chain = new List<byte[]>(2);
        var span = pem.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            if (span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(span[fields.Base64Data], der, out var written) || written != der.Length)
                {
                    return null;
                }
                chain.Add(chain.Count == 0 ? der : _intermediates.GetOrAdd(der, der));
            }
            span = span[fields.Location.End..];
        }
        return chain.Count == 0 ? null : [.. chain];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {CertificateId} version {Version} cannot be served: its chain or key did not load ({Error}); it is left out.")]
    private partial void LogUnloadable(Guid certificateId, long version, string error);

    /// <summary>Byte arrays compared by content, to hold each intermediate once.</summary>
    private sealed class ByteContent : IEqualityComparer<byte[]>
    {
        public static readonly ByteContent Comparer = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
