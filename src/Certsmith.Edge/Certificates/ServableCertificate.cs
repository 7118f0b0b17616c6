using System.Net.Security;
using Certsmith.Core.Names;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// One certificate the edge can serve. Until its first handshake it holds only what finds it — names, tenant,
/// validity — and what builds it: the encrypted key and the chain as DER (intermediates shared between
/// certificates). The first handshake that picks it decrypts the key and builds the
/// <see cref="SslStreamCertificateContext"/> once (concurrent first handshakes wait for that one build); every
/// later handshake and every later snapshot reuses it while the record's (id, version) stays the same.
/// A certificate that fails to build is not servable from then on. Thread-safe.
/// </summary>
internal sealed class ServableCertificate
{
    private readonly CertificateActivator _activator;
    private readonly Lock _gate = new();
    private volatile ActiveCertificate? _active;
    private volatile bool _failed;

    public ServableCertificate(
        Guid id, long version, Guid tenantId, IReadOnlyList<DnsName> names, DateTimeOffset notBefore, DateTimeOffset notAfter,
        byte[] protectedKey, byte[][] chainDer, CertificateActivator activator)
    {
        Id = id;
        Version = version;
        TenantId = tenantId;
        Names = names;
        NotBefore = notBefore;
        NotAfter = notAfter;
        ProtectedKey = protectedKey;
        ChainDer = chainDer;
        _activator = activator;
    }

    public Guid Id { get; }

    public long Version { get; }

    public Guid TenantId { get; }

    public IReadOnlyList<DnsName> Names { get; }

    /// <summary>The record's notBefore; once built, the later of it and the leaf's.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The record's notAfter; once built, the earlier of it and the leaf's: never serve past either.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The private key as stored (encrypted by the master key); decrypted only to build the context.</summary>
    public byte[] ProtectedKey { get; }

    /// <summary>The chain, leaf first, as DER.</summary>
    public byte[][] ChainDer { get; }

    /// <summary>Whether the context has been built (for tests and diagnostics).</summary>
    public bool IsContextBuilt => _active is not null;

    /// <summary>The handshake context, built on first use; throws when the certificate cannot be built.</summary>
    public SslStreamCertificateContext Context =>
        Activate()?.Context ?? throw new InvalidOperationException($"Certificate {Id} version {Version} cannot be served: its chain or key did not load.");

    public bool IsServable(DateTimeOffset now)
    {
        if (_failed)
        {
            return false;
        }
        return _active is { } active
            ? active.NotBefore <= now && now < active.NotAfter
            : NotBefore <= now && now < NotAfter;
    }

    public bool Covers(DnsName host)
    {
        foreach (var name in Names)
        {
            if (name.Covers(host))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The built certificate, building it now on first use; null when it cannot be built (logged once).</summary>
    public ActiveCertificate? Activate()
    {
        var active = _active;
        if (active is not null || _failed)
        {
            return active;
        }
        lock (_gate)
        {
            // Re-check under the lock: a concurrent first handshake may have built it meanwhile.
            if (_active is null && !_failed)
            {
                var built = _activator.Activate(this);
                if (built is null)
                {
                    _failed = true;
                }
                else
                {
                    _active = built;
                }
            }
            return _active;
        }
    }
}
