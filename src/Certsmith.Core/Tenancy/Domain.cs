using Certsmith.Core.Names;

namespace Certsmith.Core.Tenancy;

/// <summary>How a tenant holds a domain (DESIGN.md, "Holding a domain").</summary>
public enum DomainKind
{
    /// <summary>The platform's DNS serves the zone, so DNS-01 (and wildcards) work.</summary>
    HostedZone,

    /// <summary>DNS is elsewhere; proven by a <c>_certsmith.&lt;domain&gt;</c> TXT token; HTTP-01/TLS-ALPN-01 only.</summary>
    External,
}

/// <summary>Whether a domain is usable yet.</summary>
public enum DomainState
{
    /// <summary>Added, not yet proven: blocks no one and gets no certificate.</summary>
    Pending,

    /// <summary>Proven: addresses under it get certificates.</summary>
    Proven,
}

/// <summary>A name a tenant holds on the platform.</summary>
/// <param name="Id">Its id.</param>
/// <param name="TenantId">The tenant holding it.</param>
/// <param name="Name">The name.</param>
/// <param name="Kind">Hosted zone or external.</param>
/// <param name="State">Pending or proven.</param>
/// <param name="VerificationToken">The value an external domain publishes at <see cref="VerificationRecordName"/>.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="CheckedAt">When the platform last checked the proof in DNS.</param>
/// <param name="CheckError">Why the last check did not prove it, in words for the tenant; null once proven.</param>
public sealed record Domain(
    Guid Id,
    Guid TenantId,
    DnsName Name,
    DomainKind Kind,
    DomainState State,
    string VerificationToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CheckedAt = null,
    string? CheckError = null)
{
    /// <summary>The TXT record name that proves an external domain.</summary>
    public string VerificationRecordName => "_certsmith." + Name.Value;
}
