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
    /// name equals, lies above or below a proven domain of another tenant (unproven domains block no one),
    /// and when this tenant already holds it.
    /// </summary>
    Task AddDomainAsync(Domain domain, CancellationToken cancellationToken);

    /// <summary>The domain, or null.</summary>
    Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's domains, by name.</summary>
    Task<IReadOnlyList<Domain>> ListDomainsAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a domain's state; false when there is no such domain. Proving re-checks the rule of
    /// <see cref="AddDomainAsync"/> atomically and throws <see cref="StoreConflictException"/> when another
    /// tenant has meanwhile proven a name equal to, above or below this one.
    /// </summary>
    Task<bool> SetDomainStateAsync(Guid id, DomainState state, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a DNS check of a domain's proof (null error: it passed); false when there is no such domain.</summary>
    Task<bool> RecordDomainCheckAsync(Guid id, DateTimeOffset checkedAt, string? error, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a tenant's <c>_acme-challenge</c> delegation for a parent name (one per tenant and parent).</summary>
    Task SaveDelegationAsync(ChallengeDelegation delegation, CancellationToken cancellationToken);

    /// <summary>The tenant's delegation for a parent name, or null.</summary>
    Task<ChallengeDelegation?> GetDelegationAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken);

    /// <summary>A tenant's delegations, by parent name.</summary>
    Task<IReadOnlyList<ChallengeDelegation>> ListDelegationsAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>Removes a delegation; false when there is no such delegation.</summary>
    Task<bool> RemoveDelegationAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Removes a domain; false when there is no such domain.</summary>
    Task<bool> RemoveDomainAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The tenant's most specific domain at or above <paramref name="name"/>, proven or not, or null.</summary>
    Task<Domain?> FindHoldingDomainAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken);
}
