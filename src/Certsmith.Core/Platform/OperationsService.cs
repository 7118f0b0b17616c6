using Certsmith.Core.Budgets;
using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>
/// What the platform admin watches (DESIGN.md, "API, admin panel, CLI": queue, budgets, failures), across every tenant.
/// Read-only; callers check that the caller is a platform admin. Thread-safe.
/// </summary>
public sealed class OperationsService(ICertsmithStore store, IIssuanceBudget budget, TimeProvider time)
{
    /// <summary>The most queue entries one view shows (the rest are counted: <see cref="CountQueueAsync"/>).</summary>
    public const int MaxQueueEntries = 1000;

    /// <summary>The first <paramref name="limit"/> queued work items (at most <see cref="MaxQueueEntries"/>), the earliest due first, with their certificates and tenants.</summary>
    /// <remarks>
    /// A managed certificate's one queue item is also its renewal timer, so the queue holds about one item per
    /// certificate in use: a view reads the first ones only (each certificate once, the tenants once), and counts the rest.
    /// </remarks>
    public async Task<IReadOnlyList<QueueEntry>> ListQueueAsync(int limit, CancellationToken cancellationToken)
    {
        var items = await store.Queue.ListAsync(Math.Clamp(limit, 0, MaxQueueEntries), cancellationToken).ConfigureAwait(false);
        var tenants = await TenantsAsync(cancellationToken).ConfigureAwait(false);
        var certificates = new Dictionary<Guid, CertificateRecord?>();
        var entries = new List<QueueEntry>(items.Count);
        foreach (var item in items)
        {
            if (!certificates.TryGetValue(item.SubjectId, out var certificate))
            {
                certificates[item.SubjectId] = certificate = await store.Certificates.GetCertificateAsync(item.SubjectId, cancellationToken).ConfigureAwait(false);
            }
            entries.Add(new QueueEntry(item, certificate, certificate is null ? null : tenants.GetValueOrDefault(certificate.TenantId)));
        }
        return entries;
    }

    /// <summary>How many jobs are queued, due now and leased (one count query, whatever the queue's size).</summary>
    public Task<QueueCounts> CountQueueAsync(CancellationToken cancellationToken) => store.Queue.CountAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The CA's rate-limit budgets with how full each is and the CA's holds: held ones first, then the fullest. Empty
    /// when the CA has no limits configured (the local Pebble): nothing is counted then, and whatever an earlier
    /// configuration left in the store holds nothing back.
    /// </summary>
    public Task<IReadOnlyList<BudgetUsage>> ListBudgetsAsync(CancellationToken cancellationToken) =>
        budget.ListUsageAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Every certificate in state Failed, and every one still pending with a last error (waiting for a budget, or a
    /// CA that is still working on it), of all tenants: the soonest next attempt first.
    /// </summary>
    public async Task<IReadOnlyList<FailingCertificate>> ListFailingAsync(CancellationToken cancellationToken)
    {
        var failing = await store.Certificates.ListFailingCertificatesAsync(cancellationToken).ConfigureAwait(false);
        if (failing.Count == 0)
        {
            return [];
        }
        var tenants = await TenantsAsync(cancellationToken).ConfigureAwait(false);
        // Tenants are never deleted; a certificate whose tenant is missing all the same has no one to show it to.
        return [.. failing.Where(c => tenants.ContainsKey(c.TenantId)).Select(c => new FailingCertificate(c, tenants[c.TenantId]))];
    }

    private async Task<Dictionary<Guid, Tenant>> TenantsAsync(CancellationToken cancellationToken) =>
        (await store.Tenants.ListTenantsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Id);
}
