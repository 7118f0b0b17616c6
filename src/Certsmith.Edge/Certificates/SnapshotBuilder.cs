using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// Builds <see cref="CertificateSnapshot"/>s from the store: in full (at start, when the store's change log does
/// not reach back, and now and then to drop what expired), or from the previous snapshot plus what changed
/// (the other part of this class). Either way a certificate whose (id, version) the previous snapshot held is
/// kept as the same object, with its built handshake context; a new one is only prepared (no key decrypted,
/// no context built) until its first handshake.
/// </summary>
internal sealed partial class SnapshotBuilder
{
    /// <summary>Below this many records preparing them in parallel costs more than it saves.</summary>
    private const int ParallelFrom = 2_000;

    private readonly ICertsmithStore _store;
    private readonly CertificateActivator _activator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SnapshotBuilder> _logger;

    public SnapshotBuilder(ICertsmithStore store, CertificateActivator activator, TimeProvider timeProvider, ILogger<SnapshotBuilder> logger)
    {
        _store = store;
        _activator = activator;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<CertificateSnapshot> BuildAsync(CertificateSnapshot previous, DefaultCertificate defaultCertificate, UnknownNameMode mode, CancellationToken cancellationToken)
    {
        // The stamp is read first: a change made while we read is then seen (again) by the next refresh.
        var stamp = await _store.Certificates.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        // Four independent reads, each on its own connection: in parallel.
        var sitesRead = _store.Sites.ListSitesAsync(null, cancellationToken);
        var addressesRead = _store.Sites.ListAllAddressesAsync(null, cancellationToken);
        var recordsRead = _store.Certificates.ListCertificatesAsync(null, cancellationToken);
        var assignmentsRead = _store.Certificates.ListAssignmentsAsync(null, cancellationToken);
        await Task.WhenAll(sitesRead, addressesRead, recordsRead, assignmentsRead).ConfigureAwait(false);
        var (sites, addresses, records, assignments) = (sitesRead.Result, addressesRead.Result, recordsRead.Result, assignmentsRead.Result);
        var now = _timeProvider.GetUtcNow();

        var content = SnapshotContent.Create(Math.Max(addresses.Count, records.Count));
        var siteById = sites.ToDictionary(s => s.Id);
        foreach (var address in addresses)
        {
            // A site removed between the two reads takes its addresses with it; the next rebuild agrees.
            if (siteById.TryGetValue(address.SiteId, out var site) && site.TenantId == address.TenantId)
            {
                content.AddRoute(new HostRoute(address.Name, address.Id, site, address.CustomCertificateId));
            }
        }
        foreach (var certificate in Prepare(records, previous, now))
        {
            content.Certificates[certificate.Id] = certificate;
        }
        foreach (var assignment in assignments)
        {
            if (content.RoutesByAddress.ContainsKey(assignment.AddressId))
            {
                content.Assignments[assignment.AddressId] = assignment.CertificateId;
            }
        }
        content.IndexAllTenants();

        var snapshot = new CertificateSnapshot(stamp, now, now, content, defaultCertificate, mode);
        LogBuilt(stamp, snapshot.HostCount, snapshot.CertificateCount);
        return snapshot;
    }

    /// <summary>The servable records, each reused from <paramref name="previous"/> or prepared (in parallel when there are many).</summary>
    private ServableCertificate[] Prepare(IReadOnlyList<CertificateRecord> records, CertificateSnapshot previous, DateTimeOffset now)
    {
        var prepared = new ServableCertificate?[records.Count];
        if (records.Count < ParallelFrom)
        {
            for (var i = 0; i < records.Count; i++)
            {
                prepared[i] = PrepareOrReuse(records[i], previous, now);
            }
        }
        else
        {
            Parallel.For(0, records.Count, i => prepared[i] = PrepareOrReuse(records[i], previous, now));
        }
        return [.. prepared.OfType<ServableCertificate>()];
    }

    private ServableCertificate? PrepareOrReuse(CertificateRecord record, CertificateSnapshot previous, DateTimeOffset now) =>
        !CertificateActivator.IsCandidate(record, now) ? null
        : previous.FindLoaded(record.Id, record.Version) ?? _activator.Prepare(record);

    private static bool Routable(SiteAddress address, Site? site) => site is not null && site.TenantId == address.TenantId && site.Id == address.SiteId;
}
