using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Policy;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Platform;

/// <summary>
/// Wildcards a tenant asks for (DESIGN.md, "What to order"): <c>*.parent</c> for any parent the tenant may have,
/// at any time; existing children without a certificate of their own, and all later ones, use it. Thread-safe.
/// </summary>
public sealed class WildcardService(ICertsmithStore store, IWildcardEligibility eligibility, DelegationService delegations, PolicyRunner policy, ParentLocks locks, EventRecorder events, TimeProvider time)
{
    /// <summary>
    /// Requests <c>*.parent</c> (<paramref name="parent"/> given as <c>example.org</c> or <c>*.example.org</c>); refused
    /// with the reason — and for an external domain the exact CNAME to create — when the tenant may not have it.
    /// Returns the wildcard (an existing one of the tenant is reused).
    /// </summary>
    public async Task<CertificateRecord> RequestAsync(Guid tenantId, string? parent, CancellationToken cancellationToken)
    {
        var name = ParseParent(parent);
        var verdict = await eligibility.CheckAsync(tenantId, name, cancellationToken).ConfigureAwait(false);
        if (!verdict.Allowed && await delegations.TryVerifyAsync(tenantId, name, cancellationToken).ConfigureAwait(false))
        {
            // An external domain whose CNAME is in place now: checked on the spot.
            verdict = await eligibility.CheckAsync(tenantId, name, cancellationToken).ConfigureAwait(false);
        }
        if (!verdict.Allowed)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "parent", verdict.Reason);
        }

        var wildcardName = DnsName.ParseWildcard("*." + name.Value);
        var wildcard = await RequestCertificateAsync(tenantId, wildcardName, cancellationToken).ConfigureAwait(false);
        if (wildcard.Unobtainable)
        {
            // It cannot be obtained for now: its addresses keep their stand-ins, and move once it is issued.
            return wildcard;
        }

        // Children without a certificate of their own (none yet, or one still pending or failed) move to it now.
        foreach (var child in await store.Sites.ListChildrenAsync(tenantId, name, cancellationToken).ConfigureAwait(false))
        {
            Guid? previous = null;
            using (await locks.AcquireAsync(tenantId, child.Name, cancellationToken).ConfigureAwait(false))
            {
                var assignment = await store.Certificates.GetAssignmentAsync(child.Id, cancellationToken).ConfigureAwait(false);
                var current = assignment is null ? null : await store.Certificates.GetCertificateAsync(assignment.CertificateId, cancellationToken).ConfigureAwait(false);
                if (current is { State: CertificateState.Valid } || current?.Id == wildcard.Id || assignment?.WaitingFor is not null)
                {
                    continue;
                }
                var reason = $"{wildcardName} requested by the tenant covers {child.Name}";
                await store.Certificates.AssignAsync(new Assignment(child.Id, wildcard.Id, reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                await events.RecordAsync(tenantId, wildcard.Id, child.Id, "policy.assign-existing", $"{child.Name}: {reason}.", cancellationToken).ConfigureAwait(false);
                previous = current?.Id;
            }
            if (previous is { } id)
            {
                await policy.RetireIfUnusedAsync(id, cancellationToken).ConfigureAwait(false);
            }
        }
        return (await store.Certificates.GetCertificateAsync(wildcard.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Withdraws the tenant's request for a wildcard; it is retired once no address uses it.</summary>
    public async Task<CertificateRecord> WithdrawAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var wildcard = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
            if (wildcard is null || wildcard.TenantId != tenantId || !wildcard.IsWildcard || wildcard.Kind != CertificateKind.Managed)
            {
                throw PlatformInputException.NotFound("wildcard");
            }
            if (!wildcard.Requested)
            {
                return wildcard;
            }
            try
            {
                await store.Certificates.UpdateCertificateAsync(wildcard with { Requested = false, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                continue;
            }
            await events.RecordAsync(tenantId, wildcard.Id, null, "wildcard.withdrawn", $"The request for {wildcard.Names[0]} was withdrawn; it stays while addresses use it.", cancellationToken).ConfigureAwait(false);
            await policy.RetireIfUnusedAsync(wildcard.Id, cancellationToken).ConfigureAwait(false);
            return (await store.Certificates.GetCertificateAsync(wildcard.Id, cancellationToken).ConfigureAwait(false))!;
        }
    }

    private async Task<CertificateRecord> RequestCertificateAsync(Guid tenantId, DnsName wildcardName, CancellationToken cancellationToken)
    {
        // The same lock as the parent's children: no decision for them runs meanwhile.
        var child = DnsName.Parse("x." + wildcardName.Value[2..]);
        using var _ = await locks.AcquireAsync(tenantId, child, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var existing = (await store.Certificates.ListCoveringCertificatesAsync(tenantId, child, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(c => c.Kind == CertificateKind.Managed && c.State != CertificateState.Retired && c.Names.Count == 1 && c.Names[0] == wildcardName);
            if (existing is null)
            {
                var id = Guid.NewGuid();
                await policy.AddWantedAsync(tenantId, id, [wildcardName], requested: true, null, "requested by the tenant", cancellationToken).ConfigureAwait(false);
                return (await store.Certificates.GetCertificateAsync(id, cancellationToken).ConfigureAwait(false))!;
            }
            if (existing.Requested)
            {
                return existing;
            }
            try
            {
                existing = await store.Certificates.UpdateCertificateAsync(existing with { Requested = true, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                // The issuer stored an attempt meanwhile: read again.
                continue;
            }
            await events.RecordAsync(tenantId, existing.Id, null, "wildcard.requested", $"{wildcardName} requested by the tenant (it existed already).", cancellationToken).ConfigureAwait(false);
            return existing;
        }
    }

    private static DnsName ParseParent(string? parent)
    {
        var name = DomainService.ParseName(parent?.Trim(), "parent", allowWildcard: true).BaseName;
        return name.LabelCount >= 2
            ? name
            : throw new PlatformInputException(PlatformInputError.Invalid, "parent", $"*.{name} would cover a whole top-level domain.");
    }
}
