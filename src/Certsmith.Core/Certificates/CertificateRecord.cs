using Certsmith.Core.Names;

namespace Certsmith.Core.Certificates;

/// <summary>Where a certificate comes from.</summary>
public enum CertificateKind
{
    /// <summary>Ordered and renewed by the platform from its ACME CA.</summary>
    Managed,

    /// <summary>From another CA (CSR or upload); never renewed by the platform.</summary>
    Custom,
}

/// <summary>The life of a certificate record.</summary>
public enum CertificateState
{
    /// <summary>Wanted; no certificate yet (queued, waiting for budget, or being ordered).</summary>
    Pending,

    /// <summary>Issued and within its validity (see <see cref="CertificateRecord.NotAfter"/>).</summary>
    Valid,

    /// <summary>The last attempt failed; <see cref="CertificateRecord.NextAttemptAt"/> says when it is tried again.</summary>
    Failed,

    /// <summary>No longer used by any address: not renewed, not served.</summary>
    Retired,
}

/// <summary>
/// A certificate the platform holds for one tenant: its names, state, and once issued its chain, its
/// private key (encrypted at rest, never returned) and validity. A renewal keeps the record and
/// replaces chain and key atomically, so assignments never move.
/// </summary>
public sealed record CertificateRecord
{
    /// <summary>Stable identifier.</summary>
    public required Guid Id { get; init; }

    /// <summary>The owner; names of two tenants never share a certificate.</summary>
    public required Guid TenantId { get; init; }

    /// <summary>Managed or custom.</summary>
    public required CertificateKind Kind { get; init; }

    /// <summary>The names it covers (a managed wildcard names only <c>*.parent</c>).</summary>
    public required IReadOnlyList<DnsName> Names { get; init; }

    /// <summary>Where it is in its life.</summary>
    public required CertificateState State { get; init; }

    /// <summary>The PEM chain, leaf first, once issued.</summary>
    public string? ChainPem { get; init; }

    /// <summary>The private key, encrypted by the platform's master key (see <c>IKeyProtector</c>).</summary>
    public byte[]? ProtectedKey { get; init; }

    /// <summary>Validity of the current certificate.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Validity of the current certificate.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The issuer's distinguished name.</summary>
    public string? Issuer { get; init; }

    /// <summary>The serial number, hex.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>The RFC 9773 identifier of the current certificate.</summary>
    public string? AriCertificateId { get; init; }

    /// <summary>Why the last attempt failed, in words for the tenant.</summary>
    public string? LastError { get; init; }

    /// <summary>When the platform tries again (after a failure) or expects the certificate (while waiting).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the current certificate is to be renewed (a moment in the CA's ARI window, else two thirds of its lifetime, with jitter).</summary>
    public DateTimeOffset? RenewAt { get; init; }

    /// <summary>When to ask the CA's renewal information again (RFC 9773 §4.3), for a CA that serves it.</summary>
    public DateTimeOffset? AriNextPollAt { get; init; }

    /// <summary>Consecutive failed attempts, for the retry ladder.</summary>
    public int FailureCount { get; init; }

    /// <summary>When the record was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>For a custom certificate: the smallest expiry warning (days before NotAfter) already given, or null.</summary>
    public int? ExpiryWarnedDays { get; init; }

    /// <summary>For a custom certificate made from a CSR the platform generated: the CSR (PEM), kept to show again.</summary>
    public string? CsrPem { get; init; }

    /// <summary>A wildcard the tenant asked for: used (and renewed) while the request stands, whoever is assigned to it.</summary>
    public bool Requested { get; init; }

    /// <summary>
    /// A wildcard that cannot be obtained for now (refused DNS update, lost CNAME, repeated validation failure):
    /// the addresses waiting for it get certificates of their own while it keeps retrying. Cleared on issuance.
    /// </summary>
    public bool Unobtainable { get; init; }

    /// <summary>Whether this names a wildcard (a managed wildcard names only <c>*.parent</c>).</summary>
    public bool IsWildcard => Names.Count > 0 && Names[0].IsWildcard;

    /// <summary>Optimistic-concurrency version, incremented by every update.</summary>
    public long Version { get; init; }

    /// <summary>Whether the record holds a certificate the edge may serve at <paramref name="now"/>.</summary>
    public bool IsServable(DateTimeOffset now) =>
        ChainPem is not null && ProtectedKey is not null && NotBefore <= now && now < NotAfter && State != CertificateState.Retired;

    /// <summary>Whether it covers a host name (exact, or one label below a wildcard).</summary>
    public bool Covers(DnsName host) => Names.Any(n => n.Covers(host));
}
