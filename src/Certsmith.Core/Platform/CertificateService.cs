using Certsmith.Core.Certificates;
using Certsmith.Core.Events;
using Certsmith.Core.Issuance;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Platform;

/// <summary>
/// What a tenant may read about its certificates (records, the assignment of an address, history) and "check again"
/// for a managed one. Another tenant's objects are not-found. Thread-safe.
/// </summary>
public sealed class CertificateService(ICertsmithStore store, IssuanceSignal signal, EventRecorder events, TimeProvider time)
{
    /// <summary>The most history entries one answer carries (the newest).</summary>
    public const int MaxEvents = 500;

    /// <summary>A tenant's certificates.</summary>
    public Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        store.Certificates.ListCertificatesAsync(tenantId, cancellationToken);

    /// <summary>One page of the tenant's certificates of one kind (not retired ones first, then the newest).</summary>
    public Task<IReadOnlyList<CertificateRecord>> ListCertificatesPageAsync(Guid tenantId, CertificateKind kind, int page, int pageSize, CancellationToken cancellationToken) =>
        store.Certificates.ListCertificatesPageAsync(tenantId, kind, Math.Max(0, page) * pageSize, pageSize, cancellationToken);

    /// <summary>How many certificates the tenant has, by kind and state (one query, whatever the tenant's size).</summary>
    public Task<CertificateCounts> CountCertificatesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        store.Certificates.CountCertificatesAsync(tenantId, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The tenant's custom certificates that expire within <paramref name="within"/> (or have expired) and are not
    /// replaced by a newer one: what the panel's banner warns about. Reads the tenant's custom certificates only.
    /// </summary>
    public async Task<IReadOnlyList<CertificateRecord>> ListExpiringCustomAsync(Guid tenantId, TimeSpan within, CancellationToken cancellationToken) =>
        Certificates.Custom.CustomExpiry.Expiring(
            await store.Certificates.ListCustomCertificatesAsync(tenantId, cancellationToken).ConfigureAwait(false), time.GetUtcNow(), within, andExpired: true);

    /// <summary>
    /// The tenant's addresses assigned to one of its certificates (its "used by"): the certificate's assignments, by
    /// index, then the tenant's addresses in one read — not one assignment read per address of the tenant.
    /// </summary>
    public async Task<IReadOnlyList<Tenancy.SiteAddress>> ListAssignedAddressesAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        await GetCertificateAsync(tenantId, certificateId, cancellationToken).ConfigureAwait(false);
        var assigned = (await store.Certificates.ListAssignmentsAsync(certificateId, cancellationToken).ConfigureAwait(false)).Select(a => a.AddressId).ToHashSet();
        return assigned.Count == 0
            ? []
            : (await store.Sites.ListAllAddressesAsync(tenantId, cancellationToken).ConfigureAwait(false)).Where(a => assigned.Contains(a.Id)).ToList();
    }

    /// <summary>
    /// The tenant's certificate the edge falls back to for <paramref name="host"/> when neither an attached custom one
    /// nor the assigned one can be served (DESIGN.md serving rule 3): a servable one naming the host exactly, else a
    /// wildcard one label above it; the longest-lived of each. Null when there is none.
    /// </summary>
    public async Task<CertificateRecord?> FindCoveringAsync(Guid tenantId, Names.DnsName host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var now = time.GetUtcNow();
        var servable = (await store.Certificates.ListCoveringCertificatesAsync(tenantId, host, cancellationToken).ConfigureAwait(false))
            .Where(c => c.IsServable(now))
            .ToList();
        return servable.Where(c => c.Names.Contains(host)).MaxBy(c => c.NotAfter) ?? servable.MaxBy(c => c.NotAfter);
    }

    /// <summary>A tenant's certificate, or not-found (also when it is another tenant's).</summary>
    public async Task<CertificateRecord> GetCertificateAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        var certificate = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
        return certificate is not null && certificate.TenantId == tenantId ? certificate : throw PlatformInputException.NotFound("certificate");
    }

    /// <summary>
    /// "Check again": the managed certificate's issuance work is due now (an earlier due time only ever moves it
    /// earlier) and this node's processor is woken. What that attempt does is the processor's usual look: order a
    /// certificate still to come, renew one that is due, ask the CA's renewal information for one that is not; the
    /// budgets still decide whether an order may go. The record's next attempt is left to the attempt itself to write,
    /// so a check asked during a running attempt cannot overwrite what that attempt records. Refused for a custom
    /// certificate (the platform never orders those) and for a retired one (nobody uses it). Returns the record.
    /// </summary>
    public async Task<CertificateRecord> CheckAgainAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        var certificate = await GetCertificateAsync(tenantId, certificateId, cancellationToken).ConfigureAwait(false);
        if (certificate.Kind != CertificateKind.Managed)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "certificateId",
                "This certificate is from another CA: the platform never orders or renews it, so there is nothing to check again. Install or upload its successor instead.");
        }
        if (certificate.State == CertificateState.Retired)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "certificateId",
                "This certificate is retired: no address uses it any more, so the platform no longer orders or renews it.");
        }
        var now = time.GetUtcNow();
        // Already due or being worked on: asking again changes nothing (and records nothing, so clicking does not flood
        // the history). Just tried: wait a moment, so a script cannot turn "check again" into an order loop that spends
        // the account's shared order budget.
        if (await store.Queue.FindAsync(WorkKinds.Issue, certificate.Id, cancellationToken).ConfigureAwait(false) is { } queued
            && (queued.DueAt <= now || queued.LeaseUntil > now))
        {
            return certificate;
        }
        if (certificate.LastError is not null && now - certificate.UpdatedAt < CheckAgainCooldown)
        {
            var wait = (int)Math.Ceiling((CheckAgainCooldown - (now - certificate.UpdatedAt)).TotalSeconds);
            throw new PlatformInputException(PlatformInputError.Invalid, "certificateId",
                $"The platform tried this certificate {(int)(now - certificate.UpdatedAt).TotalSeconds} seconds ago; check again in {wait} seconds.");
        }
        await store.Queue.EnqueueAsync(WorkKinds.Issue, certificate.Id, now, cancellationToken).ConfigureAwait(false);
        signal.Notify();
        await events.RecordAsync(tenantId, certificate.Id, null, "certificate.check-again",
            $"Checking {string.Join(", ", certificate.Names)} again now, on request.", cancellationToken).ConfigureAwait(false);
        return certificate;
    }

    /// <summary>How soon after a failed attempt "check again" may ask for the next one (the retry ladder's first step is longer).</summary>
    public static readonly TimeSpan CheckAgainCooldown = TimeSpan.FromSeconds(60);

    /// <summary>The certificate assigned to an address of the tenant, or null when the policy has not assigned one.</summary>
    public async Task<CertificateRecord?> GetAssignedCertificateAsync(Guid tenantId, Guid addressId, CancellationToken cancellationToken)
    {
        var assignment = await store.Certificates.GetAssignmentAsync(addressId, cancellationToken).ConfigureAwait(false);
        if (assignment is null)
        {
            return null;
        }
        var certificate = await store.Certificates.GetCertificateAsync(assignment.CertificateId, cancellationToken).ConfigureAwait(false);
        return certificate is not null && certificate.TenantId == tenantId ? certificate : null;
    }

    /// <summary>
    /// The certificates assigned to several addresses of the tenant (null where none is): one assignment read per
    /// address, and each certificate read once however many addresses share it (a wildcard's children).
    /// </summary>
    public async Task<IReadOnlyList<CertificateRecord?>> GetAssignedCertificatesAsync(Guid tenantId, IReadOnlyList<Guid> addressIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addressIds);
        var read = new Dictionary<Guid, CertificateRecord?>();
        var result = new List<CertificateRecord?>(addressIds.Count);
        foreach (var addressId in addressIds)
        {
            var assignment = await store.Certificates.GetAssignmentAsync(addressId, cancellationToken).ConfigureAwait(false);
            if (assignment is null)
            {
                result.Add(null);
                continue;
            }
            if (!read.TryGetValue(assignment.CertificateId, out var certificate))
            {
                certificate = await store.Certificates.GetCertificateAsync(assignment.CertificateId, cancellationToken).ConfigureAwait(false);
                read[assignment.CertificateId] = certificate = certificate is not null && certificate.TenantId == tenantId ? certificate : null;
            }
            result.Add(certificate);
        }
        return result;
    }

    /// <summary>A tenant's certificate's history, oldest first.</summary>
    public async Task<IReadOnlyList<PlatformEvent>> ListCertificateEventsAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        await GetCertificateAsync(tenantId, certificateId, cancellationToken).ConfigureAwait(false);
        return await store.Events.ListAsync(certificateId, null, MaxEvents, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The history of an address (the caller has checked that it is the tenant's), oldest first.</summary>
    public async Task<IReadOnlyList<PlatformEvent>> ListAddressEventsAsync(Guid tenantId, Guid addressId, CancellationToken cancellationToken)
    {
        var events = await store.Events.ListAsync(null, addressId, MaxEvents, cancellationToken).ConfigureAwait(false);
        return events.Where(e => e.TenantId == tenantId).ToList();
    }
}
