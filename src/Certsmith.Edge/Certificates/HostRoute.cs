using Certsmith.Core.Names;
using Certsmith.Core.Tenancy;

namespace Certsmith.Edge.Certificates;

/// <summary>A host name the edge serves: the address and the site (with its tenant and backend) it belongs to.</summary>
/// <param name="Host">The address's name.</param>
/// <param name="AddressId">The address.</param>
/// <param name="Site">The site, as it was when the snapshot was built.</param>
/// <param name="CustomCertificateId">The custom certificate the tenant attached to the address, if any (serving rule 1).</param>
public sealed record HostRoute(DnsName Host, Guid AddressId, Site Site, Guid? CustomCertificateId = null)
{
    /// <summary>The tenant whose address it is: only its certificates may serve it.</summary>
    public Guid TenantId => Site.TenantId;
}
