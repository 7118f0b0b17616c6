using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Policy;

/// <summary>Whether a tenant may have <c>*.parent</c>, and why (or why not), in words for the tenant.</summary>
/// <param name="Allowed">Whether the platform can obtain it by DNS-01 for the tenant.</param>
/// <param name="Reason">Why; for a refusal, what the tenant can do about it.</param>
public sealed record WildcardVerdict(bool Allowed, string Reason);

/// <summary>
/// Whether a tenant may have <c>*.parent</c> (DESIGN.md, "What to order", rule 2): it holds the zone of parent as a
/// hosted zone, or has a verified <c>_acme-challenge</c> CNAME for parent into the platform's challenge zone; never
/// above a delegated subdomain (a tenant holding only <c>foo.example.org</c> never gets <c>*.example.org</c>).
/// </summary>
public interface IWildcardEligibility
{
    /// <summary>The verdict for <c>*.parent</c>. Reads the store only; never asks DNS (the policy runs under a lock).</summary>
    Task<WildcardVerdict> CheckAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken);
}

/// <summary>Without DNS for DNS-01 no wildcard can be obtained, so none is ordered.</summary>
public sealed class NoWildcardsWithoutDns01 : IWildcardEligibility
{
    /// <inheritdoc />
    public Task<WildcardVerdict> CheckAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken) =>
        Task.FromResult(new WildcardVerdict(false, $"*.{parent} needs DNS-01, and this platform has no DNS configured for it."));
}

/// <summary>The rule, from the tenant's domains and delegations in the store. Thread-safe.</summary>
public sealed class DomainWildcardEligibility(ICertsmithStore store, PlatformOptions options) : IWildcardEligibility
{
    /// <inheritdoc />
    public async Task<WildcardVerdict> CheckAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var holding = await store.Domains.FindHoldingDomainAsync(tenantId, parent, cancellationToken).ConfigureAwait(false);
        if (holding is null)
        {
            // Either nothing of the tenant's is near, or the tenant holds a name below parent: a delegated subdomain.
            var below = (await store.Domains.ListDomainsAsync(tenantId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(d => d.Name.IsAtOrBelow(parent));
            return new WildcardVerdict(false, below is not null
                ? $"*.{parent} would cover names outside your domain {below.Name}: you hold {below.Name}, not {parent}, so wildcards are possible at or below {below.Name} only."
                : $"{parent} is not under one of your domains.");
        }
        if (holding.State != DomainState.Proven)
        {
            return new WildcardVerdict(false, $"{holding.Name} is not proven yet.");
        }
        if (holding.Kind == DomainKind.HostedZone)
        {
            return new WildcardVerdict(true, $"{holding.Name} is a zone on the platform's DNS");
        }
        if (options.ChallengeZone is null)
        {
            return new WildcardVerdict(false, $"{holding.Name} is an external domain and this platform offers no challenge zone to delegate _acme-challenge.{parent} to, so *.{parent} cannot be proven.");
        }
        var delegation = await store.Domains.GetDelegationAsync(tenantId, parent, cancellationToken).ConfigureAwait(false);
        return delegation is { Verified: true }
            ? new WildcardVerdict(true, $"_acme-challenge.{parent} is delegated to the platform by CNAME")
            : new WildcardVerdict(false, $"{holding.Name} is an external domain: create the record _acme-challenge.{parent}. CNAME {delegation?.Target ?? DelegationTargets.For(tenantId, parent, options.ChallengeZone)}. in your DNS and have the platform check it.");
    }
}
