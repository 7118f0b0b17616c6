using Certsmith.Core.Names;

namespace Certsmith.Core.Policy;

/// <summary>
/// Whether a tenant may have <c>*.parent</c>: it holds the zone of parent as a hosted zone, or has a verified
/// <c>_acme-challenge</c> CNAME for it; never above a delegated subdomain (DESIGN.md rule 4).
/// </summary>
public interface IWildcardEligibility
{
    /// <summary>True when the platform can obtain <c>*.parent</c> for the tenant by DNS-01.</summary>
    Task<bool> MayHaveWildcardAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken);
}

/// <summary>Until a DNS-01 solver is configured, no wildcard can be obtained, so none is ordered.</summary>
public sealed class NoWildcardsWithoutDns01 : IWildcardEligibility
{
    /// <inheritdoc />
    public Task<bool> MayHaveWildcardAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken) => Task.FromResult(false);
}
