using Certsmith.Core.Names;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Storage;

/// <summary>
/// Domains. The rule "a name equal to, above or below a domain another tenant holds is not available"
/// (DESIGN.md) is enforced here, atomically with the insert, so two nodes cannot both take a name.
/// Thread-safe; every method atomic.
/// </summary>
public interface IDomainStore
{
    /// <summary>
    /// Adds a domain. Throws <see cref="StoreConflictException"/> ("that name is not available") when the
    /// name equals, lies above or below a domain of another tenant, and when this tenant already holds it.
    /// </summary>
    Task AddDomainAsync(Domain domain, CancellationToken cancellationToken);

    /// <summary>The domain, or null.</summary>
    Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's domains, by name.</summary>
    Task<IReadOnlyList<Domain>> ListDomainsAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>Sets a domain's state; false when there is no such domain.</summary>
    Task<bool> SetDomainStateAsync(Guid id, DomainState state, CancellationToken cancellationToken);

    /// <summary>Removes a domain; false when there is no such domain.</summary>
    Task<bool> RemoveDomainAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The tenant's most specific domain at or above <paramref name="name"/>, proven or not, or null.</summary>
    Task<Domain?> FindHoldingDomainAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken);
}
