using Certsmith.Core.Dns;
using Certsmith.Core.Names;
using Certsmith.Core.Policy;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>
/// An external domain's delegation of <c>_acme-challenge.&lt;parent&gt;</c> to the platform's challenge zone by CNAME
/// (the way Let's Encrypt advises hosting providers to offer DNS-01 to domains they do not host): the platform shows
/// the exact record, checks it in DNS, and then may obtain <c>*.parent</c>. Thread-safe.
/// </summary>
public sealed class DelegationService(ICertsmithStore store, PlatformOptions options, TimeProvider time, IDnsLookup? dns = null)
{
    /// <summary>
    /// Starts (or returns) the delegation for a parent name under one of the tenant's proven external domains, with
    /// the CNAME to create; refused when the platform has no challenge zone or the name is not the tenant's.
    /// </summary>
    public async Task<ChallengeDelegation> AddAsync(Guid tenantId, string? parent, CancellationToken cancellationToken)
    {
        var name = DomainService.ParseName(parent?.Trim(), "parent", allowWildcard: true).BaseName;
        var zone = options.ChallengeZone
            ?? throw new PlatformInputException(PlatformInputError.Invalid, "parent", "This platform offers no challenge zone to delegate _acme-challenge names to.");
        var domain = await store.Domains.FindHoldingDomainAsync(tenantId, name, cancellationToken).ConfigureAwait(false);
        if (domain is not { State: DomainState.Proven })
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "parent", $"{name} is not under one of your proven domains.");
        }
        if (domain.Kind == DomainKind.HostedZone)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "parent", $"{name} is in your hosted zone {domain.Name}: the platform writes its DNS itself, no delegation is needed.");
        }
        if (await store.Domains.GetDelegationAsync(tenantId, name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var delegation = new ChallengeDelegation(Guid.NewGuid(), tenantId, name, DelegationTargets.For(tenantId, name, zone), false, null, null, time.GetUtcNow());
        await store.Domains.SaveDelegationAsync(delegation, cancellationToken).ConfigureAwait(false);
        return delegation;
    }

    /// <summary>A tenant's delegations.</summary>
    public Task<IReadOnlyList<ChallengeDelegation>> ListAsync(Guid tenantId, CancellationToken cancellationToken) => store.Domains.ListDelegationsAsync(tenantId, cancellationToken);

    /// <summary>A tenant's delegation, or not-found (also when it is another tenant's).</summary>
    public async Task<ChallengeDelegation> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        (await store.Domains.ListDelegationsAsync(tenantId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d.Id == id)
        ?? throw PlatformInputException.NotFound("delegation");

    /// <summary>Removes a delegation (the platform stops obtaining new wildcards through it).</summary>
    public async Task RemoveAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var delegation = await GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        await store.Domains.RemoveDelegationAsync(delegation.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Looks the CNAME up now and records what was found; refused with what is wrong when it is not in place.</summary>
    public async Task<ChallengeDelegation> CheckAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var checkedDelegation = await CheckAsync(await GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return checkedDelegation.Verified
            ? checkedDelegation
            : throw new PlatformInputException(PlatformInputError.Invalid, "delegation", checkedDelegation.CheckError!);
    }

    /// <summary>For a wildcard request: checks the tenant's delegation for parent if there is one not yet verified; true when it now is.</summary>
    public async Task<bool> TryVerifyAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken)
    {
        var delegation = await store.Domains.GetDelegationAsync(tenantId, parent, cancellationToken).ConfigureAwait(false);
        return delegation is { Verified: false } && (await CheckAsync(delegation, cancellationToken).ConfigureAwait(false)).Verified;
    }

    private async Task<ChallengeDelegation> CheckAsync(ChallengeDelegation delegation, CancellationToken cancellationToken)
    {
        string? problem;
        var lookupFailed = false;
        if (dns is null)
        {
            problem = "This platform has no DNS configured to check the record.";
        }
        else
        {
            try
            {
                var found = await dns.GetCnameAsync(delegation.RecordName, cancellationToken).ConfigureAwait(false);
                problem = string.Equals(found, delegation.Target, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"Create the record {delegation.RecordName}. CNAME {delegation.Target}. in your DNS" + (found is null ? " (there is no CNAME there yet)." : $" (it points to {found} instead).");
            }
            catch (DnsChallengeException e)
            {
                lookupFailed = true;
                problem = $"Could not look up {delegation.RecordName}: {e.Message} Try again later.";
            }
        }
        // A lookup that failed (DNS unreachable) says nothing about the record: a verified delegation stays verified.
        var verified = problem is null || (lookupFailed && delegation.Verified);
        var updated = delegation with { Verified = verified, CheckedAt = time.GetUtcNow(), CheckError = verified ? null : problem };
        await store.Domains.SaveDelegationAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }
}
