using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Policy;

/// <summary>
/// Applies <see cref="CertificatePolicy"/> to an address: reads the tenant's state under the parent's lock,
/// decides, creates and queues a certificate when one is needed, assigns it, and records the decision and its
/// reason on the address. Idempotent: an address that already has a live assignment is left alone.
/// </summary>
public sealed class PolicyRunner(ICertsmithStore store, ParentLocks locks, IWildcardEligibility wildcards, PlatformOptions options, EventRecorder events, Issuance.IssuanceSignal signal, TimeProvider time)
{
    /// <summary>Decides for one address and acts on the decision; returns it (null when the address already had a live assignment).</summary>
    public async Task<PolicyDecision?> RunAsync(SiteAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var _ = await locks.AcquireAsync(address.TenantId, address.Name, cancellationToken).ConfigureAwait(false);

        // Re-check under the lock: a concurrent run (or a reconcile) may have decided already.
        if (await store.Certificates.GetAssignmentAsync(address.Id, cancellationToken).ConfigureAwait(false) is { } existing
            && await store.Certificates.GetCertificateAsync(existing.CertificateId, cancellationToken).ConfigureAwait(false) is { State: not CertificateState.Retired })
        {
            return null;
        }
        var tenant = await store.Tenants.GetTenantAsync(address.TenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Address {address.Id} belongs to no tenant.");
        // Only what the decision needs: the certificates covering this name and the count of its siblings
        // added up to it (in the store's order of additions), so a tenant's thousandth address costs what its first did.
        var certificates = await store.Certificates.ListCoveringCertificatesAsync(address.TenantId, address.Name, cancellationToken).ConfigureAwait(false);
        var children = address.Name.Parent is { } p
            ? await store.Sites.CountChildrenAsync(address.TenantId, p, address.Sequence, cancellationToken).ConfigureAwait(false)
            : 1;
        var mayHaveWildcard = address.Name.Parent is { } parent && await wildcards.MayHaveWildcardAsync(address.TenantId, parent, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var decision = CertificatePolicy.Decide(new PolicyInput(
            address,
            certificates,
            children,
            tenant.WildcardThreshold ?? options.WildcardThreshold,
            _ => mayHaveWildcard,
            now));

        var certificateId = decision.ExistingCertificateId ?? Guid.NewGuid();
        if (decision.Kind != PolicyDecisionKind.AssignExisting)
        {
            await store.Certificates.AddCertificateAsync(new CertificateRecord
            {
                Id = certificateId,
                TenantId = address.TenantId,
                Kind = CertificateKind.Managed,
                Names = decision.Names,
                State = CertificateState.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            }, cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(address.TenantId, certificateId, address.Id, "certificate.wanted", $"Certificate for {string.Join(", ", decision.Names)} wanted: {decision.Reason}.", cancellationToken).ConfigureAwait(false);
            await store.Queue.EnqueueAsync(WorkKinds.Issue, certificateId, now, cancellationToken).ConfigureAwait(false);
            signal.Notify();
        }
        await store.Certificates.AssignAsync(new Assignment(address.Id, certificateId, decision.Reason, now), cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(address.TenantId, certificateId, address.Id, PolicyEventKind(decision.Kind), $"{address.Name}: {decision.Reason}.", cancellationToken).ConfigureAwait(false);
        return decision;
    }

    private static string PolicyEventKind(PolicyDecisionKind kind) => kind switch
    {
        PolicyDecisionKind.AssignExisting => "policy.assign-existing",
        PolicyDecisionKind.OrderWildcard => "policy.order-wildcard",
        _ => "policy.order-single",
    };
}
