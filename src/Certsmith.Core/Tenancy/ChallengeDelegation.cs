using Certsmith.Core.Names;

namespace Certsmith.Core.Tenancy;

/// <summary>
/// An external domain's delegation of DNS-01 for one parent name: the tenant creates
/// <c>_acme-challenge.&lt;parent&gt; CNAME &lt;target&gt;</c> in its own DNS, where the target lies in the platform's
/// challenge zone, so the platform can answer DNS-01 (and so obtain <c>*.parent</c>) without the tenant's DNS
/// credentials — the arrangement Let's Encrypt advises hosting providers to offer. Verified once the platform saw the CNAME.
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="Parent">The parent name whose <c>_acme-challenge</c> label is delegated.</param>
/// <param name="Target">The name in the platform's challenge zone the CNAME must point to (no trailing dot).</param>
/// <param name="Verified">Whether the platform saw the CNAME pointing at <see cref="Target"/>.</param>
/// <param name="CheckedAt">When it last looked.</param>
/// <param name="CheckError">What it found instead, in words for the tenant; null when verified.</param>
/// <param name="CreatedAt">When the tenant asked for it.</param>
public sealed record ChallengeDelegation(
    Guid Id,
    Guid TenantId,
    DnsName Parent,
    string Target,
    bool Verified,
    DateTimeOffset? CheckedAt,
    string? CheckError,
    DateTimeOffset CreatedAt)
{
    /// <summary>The name that must carry the CNAME.</summary>
    public string RecordName => "_acme-challenge." + Parent.Value;
}
