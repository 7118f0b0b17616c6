using System.Buffers.Text;
using System.Security.Cryptography;
using Certsmith.Core.Dns;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>
/// Domains a tenant holds (DESIGN.md, "Holding a domain"), proven through DNS: a hosted zone when the platform's
/// primary serves it (assigned by a platform admin, or claimed by the tenant where the setting allows), an external
/// domain by the <c>_certsmith.&lt;domain&gt;</c> TXT token. The local one-command run proves without DNS. Thread-safe.
/// </summary>
public sealed class DomainService(ICertsmithStore store, PublicSuffixList suffixes, PlatformOptions options, TimeProvider time, IDnsLookup? dns = null)
{
    /// <summary>
    /// Adds a domain for a tenant and checks its proof at once. Refused with the reason: a malformed name, a public
    /// suffix, a name equal to, above or below another tenant's domain ("that name is not available", naming no one),
    /// a hosted zone claimed by a tenant where only admins assign them.
    /// </summary>
    public async Task<Domain> AddDomainAsync(Guid tenantId, string name, DomainKind kind, bool byAdmin, CancellationToken cancellationToken)
    {
        var dns = ParseName(name, "name");
        if (suffixes.IsPublicSuffix(dns))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "name", $"{dns} is a public suffix (like co.uk or github.io); add the domain you registered under it.");
        }
        if (options.ChallengeZone is { } reserved && (dns.IsAtOrBelow(reserved) || reserved.IsAtOrBelow(dns)))
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"{dns}: that name is not available.");
        }
        if (kind == DomainKind.HostedZone && !byAdmin && !options.TenantsMayClaimHostedZones && !options.MarkDomainsProvenWithoutDns)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "kind", $"Hosted zones are assigned by the platform's administrators: ask them to assign {dns} to you, or add it as an external domain.");
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
        // A hosted zone the platform already serves, or a TXT record published ahead, proves it right away.
        return state == DomainState.Proven ? domain : (await CheckAsync(domain, cancellationToken).ConfigureAwait(false)).Domain;
    }

    /// <summary>A tenant's domain, or not-found (also when it is another tenant's).</summary>
    public async Task<Domain> GetDomainAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var domain = await store.Domains.GetDomainAsync(id, cancellationToken).ConfigureAwait(false);
        return domain is not null && domain.TenantId == tenantId ? domain : throw PlatformInputException.NotFound("domain");
    }

    /// <summary>
    /// Checks a domain's proof now (DNS), records the outcome, and returns the proven domain; refused with what is
    /// missing (the exact record to publish) when the proof is not there yet.
    /// </summary>
    public async Task<Domain> ProveAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var domain = await GetDomainAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (domain.State == DomainState.Proven)
        {
            return domain;
        }
        var (checkedDomain, problem) = await CheckAsync(domain, cancellationToken).ConfigureAwait(false);
        return problem is null ? checkedDomain : throw new PlatformInputException(PlatformInputError.Invalid, "state", problem);
    }

    private async Task<(Domain Domain, string? Problem)> CheckAsync(Domain domain, CancellationToken cancellationToken)
    {
        var problem = options.MarkDomainsProvenWithoutDns ? null : await FindProblemAsync(domain, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        await store.Domains.RecordDomainCheckAsync(domain.Id, now, problem, cancellationToken).ConfigureAwait(false);
        domain = domain with { CheckedAt = now, CheckError = problem };
        if (problem is not null)
        {
            return (domain, problem);
        }
        try
        {
            await store.Domains.SetDomainStateAsync(domain.Id, DomainState.Proven, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // Another tenant proved a name equal to, above or below this one first (IDomainStore re-checks).
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"{domain.Name}: that name is not available.");
        }
        return (domain with { State = DomainState.Proven }, null);
    }

    /// <summary>What keeps the domain from being proven, in words for the tenant, or null when the proof is there.</summary>
    private async Task<string?> FindProblemAsync(Domain domain, CancellationToken cancellationToken)
    {
        if (dns is null)
        {
            return domain.Kind == DomainKind.HostedZone
                ? $"This platform has no DNS configured, so {domain.Name} cannot be a hosted zone."
                : $"Publish the TXT record {domain.VerificationRecordName} with the value {domain.VerificationToken} to prove {domain.Name}; this platform has no DNS configured to check it yet, so ask its administrators.";
        }
        try
        {
            if (domain.Kind == DomainKind.HostedZone)
            {
                return await dns.ServesZoneAsync(domain.Name.Value, cancellationToken).ConfigureAwait(false)
                    ? null
                    : $"The platform's DNS does not serve the zone {domain.Name} yet: ask the platform's administrators to create it.";
            }
            var found = await dns.GetTxtAsync(domain.VerificationRecordName, cancellationToken).ConfigureAwait(false);
            return found.Contains(domain.VerificationToken, StringComparer.Ordinal)
                ? null
                : $"Publish the TXT record {domain.VerificationRecordName} with the value {domain.VerificationToken} to prove {domain.Name}"
                    + (found.Count == 0 ? " (no TXT record there yet)." : $" (found only: {string.Join(", ", found.Take(5).Select(v => $"\"{v}\""))}).");
        }
        catch (DnsChallengeException e)
        {
            return $"Could not check {domain.Name} in DNS: {e.Message} Try again later.";
        }
    }

    /// <summary>A tenant's domains, by name.</summary>
    public Task<IReadOnlyList<Domain>> ListDomainsAsync(Guid tenantId, CancellationToken cancellationToken) => store.Domains.ListDomainsAsync(tenantId, cancellationToken);

    /// <summary>Parses a host name from input, turning the reason into an input refusal.</summary>
    public static DnsName ParseName(string? name, string field, bool allowWildcard = false)
    {
        try
        {
            return allowWildcard ? DnsName.ParseHostOrWildcard(name) : DnsName.Parse(name);
        }
        catch (InvalidDnsNameException e)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, field, e.Message);
        }
    }
}
