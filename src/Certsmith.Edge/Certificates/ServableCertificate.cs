using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Core.Names;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// One certificate the edge can serve: its leaf with the private key in memory, its intermediates, and the
/// <see cref="SslStreamCertificateContext"/> built once, on its first handshake, then reused by every later
/// handshake and every later snapshot while the record's (id, version) stays the same. Thread-safe.
/// </summary>
internal sealed class ServableCertificate
{
    private readonly Lazy<SslStreamCertificateContext> _context;

    public ServableCertificate(
        Guid id,
        long version,
        Guid tenantId,
        IReadOnlyList<DnsName> names,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        X509Certificate2 leafWithKey,
        X509Certificate2Collection intermediates)
    {
        Id = id;
        Version = version;
        TenantId = tenantId;
        Names = names;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Leaf = leafWithKey;
        // offline: the chain is built from what we hold; no AIA fetch or OCSP download in a handshake.
        _context = new Lazy<SslStreamCertificateContext>(
            () => SslStreamCertificateContext.Create(leafWithKey, intermediates, offline: true),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Guid Id { get; }

    public long Version { get; }

    public Guid TenantId { get; }

    public IReadOnlyList<DnsName> Names { get; }

    /// <summary>The later of the record's and the leaf's notBefore.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The earlier of the record's and the leaf's notAfter: never serve past either.</summary>
    public DateTimeOffset NotAfter { get; }

    public X509Certificate2 Leaf { get; }

    /// <summary>The handshake context, built on first use.</summary>
    public SslStreamCertificateContext Context => _context.Value;

    /// <summary>Whether <see cref="Context"/> has been built (for tests and diagnostics).</summary>
    public bool IsContextBuilt => _context.IsValueCreated;

    public bool IsServable(DateTimeOffset now) => NotBefore <= now && now < NotAfter;

    public bool Covers(DnsName host) => Names.Any(n => n.Covers(host));
}
