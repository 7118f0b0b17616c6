using System.Buffers.Text;
using System.Security.Cryptography;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>Domains a tenant holds (DESIGN.md, "Holding a domain"). Thread-safe.</summary>
public sealed class DomainService(ICertsmithStore store, PublicSuffixList suffixes, PlatformOptions options, TimeProvider time)
{
    /// <summary>
    /// Adds a domain for a tenant. Refused with the reason: a malformed name, a public suffix, a name equal to,
    /// above or below another tenant's domain ("that name is not available", naming no one).
    /// </summary>
    public async Task<Domain> AddDomainAsync(Guid tenantId, string name, DomainKind kind, CancellationToken cancellationToken)
    {
        var dns = ParseName(name, "name");
        if (suffixes.IsPublicSuffix(dns))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "name", $"{dns} is a public suffix (like co.uk or github.io); add the domain you registered under it.");
        }
        if (await store.Tenants.GetTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw PlatformInputException.NotFound("tenant");
        }
        var state = options.MarkDomainsProvenWithoutDns ? DomainState.Proven : DomainState.Pending;
        var domain = new Domain(Guid.NewGuid(), tenantId, dns, kind, state, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18)), time.GetUtcNow());
        try
        {
            await store.Domains.AddDomainAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"{dns}: that name is not available.");
        }
        return domain;
    }

    /// <summary>A tenant's domain, or not-found (also when it is another tenant's).</summary>
    public async Task<Domain> GetDomainAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var domain = await store.Domains.GetDomainAsync(id, cancellationToken).ConfigureAwait(false);
        return domain is not null && domain.TenantId == tenantId ? domain : throw PlatformInputException.NotFound("domain");
    }

    /// <summary>Marks a domain proven. Only in local mode without DNS; DNS-based proof comes with the DNS issue.</summary>
    public async Task<Domain> MarkProvenAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var domain = await GetDomainAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (!options.MarkDomainsProvenWithoutDns)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "state", $"Publish the TXT record {domain.VerificationRecordName} with the value {domain.VerificationToken} to prove {domain.Name}.");
        }
        try
        {
            await store.Domains.SetDomainStateAsync(id, DomainState.Proven, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // Another tenant proved a name equal to, above or below this one first (IDomainStore re-checks).
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"{domain.Name}: that name is not available.");
        }
        return domain with { State = DomainState.Proven };
    }

    /// <summary>A tenant's domains, by name.</summary>
    public Task<IReadOnlyList<Domain>> ListDomainsAsync(Guid tenantId, CancellationToken cancellationToken) => store.Domains.ListDomainsAsync(tenantId, cancellationToken);

    /// <summary>Parses a host name from input, turning the reason into an input refusal.</summary>
    public static DnsName ParseName(string? name, string field)
    {
        try
        {
            return DnsName.Parse(name);
        }
        catch (InvalidDnsNameException e)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, field, e.Message);
        }
    }
}
