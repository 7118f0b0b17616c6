using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Policy;

/// <summary>
/// Applies <see cref="CertificatePolicy"/> to an address: reads the tenant's state under the parent's lock,
/// decides, creates and queues a certificate when one is needed, assigns it, and records the decision and its
/// reason on the address. Idempotent: an address that already has a live assignment is left alone (unless asked
/// to decide again). Also keeps the wildcard rules that span addresses: stand-ins while a wildcard cannot be
/// obtained, moving them onto it once issued, and retiring certificates nobody uses.
/// </summary>
public sealed class PolicyRunner(ICertsmithStore store, ParentLocks locks, IWildcardEligibility wildcards, PlatformOptions options, EventRecorder events, Issuance.IssuanceSignal signal, TimeProvider time)
{
    /// <summary>Decides for one address and acts on the decision; returns it (null when the address already had a live assignment).</summary>
    public Task<PolicyDecision?> RunAsync(SiteAddress address, CancellationToken cancellationToken) => RunAsync(address, decideAgain: false, cancellationToken);

    /// <summary>
    /// Decides for one address; with <paramref name="decideAgain"/> also when it has a live assignment (its wildcard
    /// became unobtainable), replacing that assignment.
    /// </summary>
    public async Task<PolicyDecision?> RunAsync(SiteAddress address, bool decideAgain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (decision, replaced) = await DecideUnderLockAsync(address, decideAgain, cancellationToken).ConfigureAwait(false);
        // Outside the parent's lock: retiring takes it itself.
        if (replaced is { } previous)
        {
            await RetireIfUnusedAsync(previous, cancellationToken).ConfigureAwait(false);
        }
        return decision;
    }

    private async Task<(PolicyDecision? Decision, Guid? Replaced)> DecideUnderLockAsync(SiteAddress address, bool decideAgain, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(address.TenantId, address.Name, cancellationToken).ConfigureAwait(false);

        // Re-check under the lock: a concurrent run (or a reconcile) may have decided already.
        var existing = await store.Certificates.GetAssignmentAsync(address.Id, cancellationToken).ConfigureAwait(false);
        if (!decideAgain && existing is not null
            && await store.Certificates.GetCertificateAsync(existing.CertificateId, cancellationToken).ConfigureAwait(false) is { State: not CertificateState.Retired })
        {
            return (null, null);
        }
        var tenant = await store.Tenants.GetTenantAsync(address.TenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Address {address.Id} belongs to no tenant.");
        // Only what the decision needs: the certificates covering this name and the count of its siblings
        // added up to it (in the store's order of additions), so a tenant's thousandth address costs what its first did.
        var certificates = await store.Certificates.ListCoveringCertificatesAsync(address.TenantId, address.Name, cancellationToken).ConfigureAwait(false);
        var children = address.Name.Parent is { } p
            ? await store.Sites.CountChildrenAsync(address.TenantId, p, address.Sequence, cancellationToken).ConfigureAwait(false)
            : 1;
        var threshold = tenant.WildcardThreshold ?? options.WildcardThreshold;
        // Eligibility only matters (and is only read) once the threshold is reached.
        var verdict = address.Name.Parent is { } parent && children >= threshold
            ? await wildcards.CheckAsync(address.TenantId, parent, cancellationToken).ConfigureAwait(false)
            : null;
        var now = time.GetUtcNow();
        var decision = CertificatePolicy.Decide(new PolicyInput(
            address,
            certificates,
            children,
            threshold,
            _ => verdict?.Allowed == true,
            now,
            verdict?.Reason));

        var certificateId = decision.ExistingCertificateId ?? Guid.NewGuid();
        if (decision.Kind != PolicyDecisionKind.AssignExisting)
        {
            await AddWantedAsync(address.TenantId, certificateId, decision.Names, requested: false, address.Id, decision.Reason, cancellationToken).ConfigureAwait(false);
        }
        await store.Certificates.AssignAsync(new Assignment(address.Id, certificateId, decision.Reason, now, decision.WaitingFor), cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(address.TenantId, certificateId, address.Id, PolicyEventKind(decision.Kind), $"{address.Name}: {decision.Reason}.", cancellationToken).ConfigureAwait(false);
        return (decision, existing is not null && existing.CertificateId != certificateId ? existing.CertificateId : null);
    }

    /// <summary>Creates a wanted managed certificate, queues its issuance, and records why.</summary>
    internal async Task AddWantedAsync(Guid tenantId, Guid certificateId, IReadOnlyList<Names.DnsName> names, bool requested, Guid? addressId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.Certificates.AddCertificateAsync(new CertificateRecord
        {
            Id = certificateId,
            TenantId = tenantId,
            Kind = CertificateKind.Managed,
            Names = names,
            State = CertificateState.Pending,
            NextAttemptAt = now,
            Requested = requested,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        }, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(tenantId, certificateId, addressId, "certificate.wanted", $"Certificate for {string.Join(", ", names)} wanted: {reason}.", cancellationToken).ConfigureAwait(false);
        await store.Queue.EnqueueAsync(WorkKinds.Issue, certificateId, now, cancellationToken).ConfigureAwait(false);
        signal.Notify();
    }

    /// <summary>
    /// A wildcard cannot be obtained for now: marks it so, and gives every address assigned to it a certificate of its
    /// own (or another covering one) meanwhile, remembering the wildcard it waits for. The wildcard keeps retrying.
    /// </summary>
    public async Task FallBackAsync(Guid wildcardId, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var wildcard = await store.Certificates.GetCertificateAsync(wildcardId, cancellationToken).ConfigureAwait(false);
            if (wildcard is null || !wildcard.IsWildcard || wildcard.Unobtainable || wildcard.State == CertificateState.Retired)
            {
                break;
            }
            try
            {
                await store.Certificates.UpdateCertificateAsync(wildcard with { Unobtainable = true, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                await events.RecordAsync(wildcard.TenantId, wildcard.Id, null, "wildcard.unobtainable",
                    $"{wildcard.Names[0]} cannot be obtained for now ({reason}); its addresses get certificates of their own meanwhile, and it keeps retrying.", cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                // Changed meanwhile: read again.
            }
        }
        foreach (var assignment in await store.Certificates.ListAssignmentsAsync(wildcardId, cancellationToken).ConfigureAwait(false))
        {
            if (await store.Sites.GetAddressAsync(assignment.AddressId, cancellationToken).ConfigureAwait(false) is { } address)
            {
                await RunAsync(address, decideAgain: true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A wildcard was issued: the addresses that waited for it (with stand-ins) move onto it, and stand-ins nobody
    /// uses any more are retired (not renewed).
    /// </summary>
    public async Task WildcardIssuedAsync(CertificateRecord wildcard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wildcard);
        foreach (var waiting in await store.Certificates.ListWaitingAssignmentsAsync(wildcard.Id, cancellationToken).ConfigureAwait(false))
        {
            var address = await store.Sites.GetAddressAsync(waiting.AddressId, cancellationToken).ConfigureAwait(false);
            if (address is null)
            {
                continue;
            }
            using (await locks.AcquireAsync(address.TenantId, address.Name, cancellationToken).ConfigureAwait(false))
            {
                var reason = $"{wildcard.Names[0]} is issued: {address.Name} moves to it";
                await store.Certificates.AssignAsync(new Assignment(address.Id, wildcard.Id, reason, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                await events.RecordAsync(address.TenantId, wildcard.Id, address.Id, "policy.assign-existing", $"{address.Name}: {reason}.", cancellationToken).ConfigureAwait(false);
            }
            await RetireIfUnusedAsync(waiting.CertificateId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// With <see cref="PlatformOptions.MoveToWildcardAtRenewal"/>: a single-name certificate due for renewal whose
    /// addresses a valid wildcard of the tenant covers moves them onto it and is retired instead of renewed. True when it did.
    /// </summary>
    public async Task<bool> MoveToWildcardInsteadOfRenewingAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!options.MoveToWildcardAtRenewal || certificate.IsWildcard || certificate.Names.Count != 1)
        {
            return false;
        }
        var now = time.GetUtcNow();
        var name = certificate.Names[0];
        var wildcard = (await store.Certificates.ListCoveringCertificatesAsync(certificate.TenantId, name, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.IsWildcard && c.Kind == CertificateKind.Managed && c.State == CertificateState.Valid && c.NotAfter > now && c.Covers(name));
        if (wildcard is null)
        {
            return false;
        }
        foreach (var assignment in await store.Certificates.ListAssignmentsAsync(certificate.Id, cancellationToken).ConfigureAwait(false))
        {
            var reason = $"renewal of {name} not needed: {wildcard.Names[0]} covers it";
            await store.Certificates.AssignAsync(new Assignment(assignment.AddressId, wildcard.Id, reason, now), cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(certificate.TenantId, wildcard.Id, assignment.AddressId, "policy.assign-existing", $"{name}: {reason}.", cancellationToken).ConfigureAwait(false);
        }
        return await RetireIfUnusedAsync(certificate.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retires a certificate nobody uses any more: no address assigned to it or waiting for it, and (for a wildcard)
    /// no standing request of the tenant. Retired certificates are neither renewed nor served. True when retired.
    /// </summary>
    public async Task<bool> RetireIfUnusedAsync(Guid certificateId, CancellationToken cancellationToken)
    {
        var certificate = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
        if (certificate is null || certificate.State == CertificateState.Retired || certificate.Requested || certificate.Names.Count == 0)
        {
            return false;
        }
        // Under the lock of the parent its names fall under, so no decision assigns it between the check and the retiring.
        using (await locks.AcquireAsync(certificate.TenantId, certificate.Names[0], cancellationToken).ConfigureAwait(false))
        {
            for (var attempt = 0; ; attempt++)
            {
                certificate = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
                if (certificate is null || certificate.State == CertificateState.Retired || certificate.Requested
                    || await store.Certificates.IsUsedAsync(certificateId, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
                try
                {
                    await store.Certificates.UpdateCertificateAsync(certificate with { State = CertificateState.Retired, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (StoreConflictException) when (attempt < 3)
                {
                    // Changed meanwhile (the issuer stored an attempt): read again.
                }
            }
        }
        await events.RecordAsync(certificate.TenantId, certificateId, null, "certificate.retired", $"No address uses {string.Join(", ", certificate.Names)} any more: it will not be renewed.", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string PolicyEventKind(PolicyDecisionKind kind) => kind switch
    {
        PolicyDecisionKind.AssignExisting => "policy.assign-existing",
        PolicyDecisionKind.OrderWildcard => "policy.order-wildcard",
        _ => "policy.order-single",
    };
}
