using Certsmith.Core.Certificates;

namespace Certsmith.Core.Storage;

/// <summary>
/// Certificates, their assignments to addresses, and their ACME orders. Thread-safe; every method atomic.
/// Updates are optimistic: <see cref="UpdateCertificateAsync"/> succeeds only against the version it read,
/// so two nodes never overwrite each other (lock, re-check, act).
/// </summary>
public interface ICertificateStore
{
    /// <summary>Adds a certificate record (version 1).</summary>
    Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>The certificate, or null.</summary>
    Task<CertificateRecord?> GetCertificateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's certificates (every tenant's for null).</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Every tenant's managed certificates that are failing: state <see cref="CertificateState.Failed"/>, or with a
    /// <see cref="CertificateRecord.LastError"/> while pending or — a renewal being retried while the old certificate
    /// serves — valid; not retired ones, nor custom ones (the platform orders none). The soonest next attempt first,
    /// those without one last (for the admin's view).
    /// </summary>
    Task<IReadOnlyList<CertificateRecord>> ListFailingCertificatesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One page of a tenant's certificates of one kind: not retired ones first, then the newest, so a big tenant's list
    /// is read (and shown) a page at a time.
    /// </summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesPageAsync(Guid tenantId, CertificateKind kind, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>How many certificates the tenant has, by kind and state, at <paramref name="now"/> (one query).</summary>
    Task<CertificateCounts> CountCertificatesAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The custom certificates (from other CAs) not retired, of one tenant or of all (null), by creation: what expiry
    /// warnings and the panel's banner look at, without reading the managed ones (most of the table).
    /// </summary>
    Task<IReadOnlyList<CertificateRecord>> ListCustomCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>The tenant's certificates that name <paramref name="name"/> exactly or as <c>*.parent</c>, in any state.</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCoveringCertificatesAsync(Guid tenantId, Names.DnsName name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="certificate"/> if the stored version is still <c>certificate.Version</c>, and
    /// returns it with the next version; throws <see cref="StoreConflictException"/> otherwise.
    /// </summary>
    Task<CertificateRecord> UpdateCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>Assigns an address to a certificate, replacing its previous assignment.</summary>
    Task AssignAsync(Assignment assignment, CancellationToken cancellationToken);

    /// <summary>The address's assignment, or null.</summary>
    Task<Assignment?> GetAssignmentAsync(Guid addressId, CancellationToken cancellationToken);

    /// <summary>The assignments of addresses that wait for the wildcard <paramref name="wildcardId"/> (<see cref="Assignment.WaitingFor"/>).</summary>
    Task<IReadOnlyList<Assignment>> ListWaitingAssignmentsAsync(Guid wildcardId, CancellationToken cancellationToken);

    /// <summary>Whether any address is assigned to the certificate or waits for it (one indexed lookup, whatever the count).</summary>
    Task<bool> IsUsedAsync(Guid certificateId, CancellationToken cancellationToken);

    /// <summary>Every assignment (to one certificate, or all for null).</summary>
    Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(Guid? certificateId, CancellationToken cancellationToken);

    /// <summary>Adds or replaces an order record.</summary>
    Task SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken);

    /// <summary>The certificate's newest order that is neither completed nor failed, or null.</summary>
    Task<OrderRecord?> GetOpenOrderAsync(Guid certificateId, CancellationToken cancellationToken);

    /// <summary>A certificate's orders, newest first.</summary>
    Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(Guid certificateId, CancellationToken cancellationToken);

    /// <summary>
    /// A number that grows with every change to certificates, assignments, addresses or site settings, so
    /// that readers (the edge's snapshot) can tell cheaply whether to reload.
    /// </summary>
    Task<long> GetChangeStampAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The ids of what changed after change stamp <paramref name="sinceStamp"/>, read atomically with the stamp
    /// they bring the reader up to, so the edge applies a renewal without re-reading every certificate. Null
    /// when the store no longer keeps (or never kept) its changes that far back: the reader reloads everything.
    /// The default keeps no log.
    /// </summary>
    Task<StoreChanges?> GetChangesSinceAsync(long sinceStamp, CancellationToken cancellationToken) => Task.FromResult<StoreChanges?>(null);
}
