using Certsmith.Core.Names;

namespace Certsmith.Core.Tenancy;

/// <summary>One host name of a site. Unique on the whole platform while it lives.</summary>
/// <param name="Id">Stable identifier; a removed and re-added name gets a new one (it counts as new).</param>
/// <param name="SiteId">The site.</param>
/// <param name="TenantId">The site's tenant.</param>
/// <param name="Name">The host name.</param>
/// <param name="Sequence">The store's order of additions: policy decisions for one parent follow it, not the clock.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record SiteAddress(Guid Id, Guid SiteId, Guid TenantId, DnsName Name, long Sequence, DateTimeOffset CreatedAt)
{
    /// <summary>The custom certificate (from another CA) the tenant attached to this address: served before any other while valid.</summary>
    public Guid? CustomCertificateId { get; init; }
}
