using Certsmith.Core.Certificates;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// Reads the store and builds a <see cref="CertificateSnapshot"/>. Keys are decrypted here, off the handshake
/// path; a certificate whose (id, version) the previous snapshot already loaded is reused with its built
/// handshake context. A record that cannot be loaded is left out and logged, and the rest still serve.
/// </summary>
internal sealed partial class SnapshotBuilder
{
    private readonly ICertsmithStore _store;
    private readonly IKeyProtector _keyProtector;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SnapshotBuilder> _logger;

    public SnapshotBuilder(ICertsmithStore store, IKeyProtector keyProtector, TimeProvider timeProvider, ILogger<SnapshotBuilder> logger)
    {
        _store = store;
        _keyProtector = keyProtector;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<CertificateSnapshot> BuildAsync(CertificateSnapshot previous, DefaultCertificate defaultCertificate, UnknownNameMode mode, CancellationToken cancellationToken)
    {
        // The stamp is read first: a change made while we read is then seen by the next poll.
        var stamp = await _store.Certificates.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        var sites = await _store.Sites.ListSitesAsync(null, cancellationToken).ConfigureAwait(false);
        var addresses = await _store.Sites.ListAllAddressesAsync(null, cancellationToken).ConfigureAwait(false);
        var records = await _store.Certificates.ListCertificatesAsync(null, cancellationToken).ConfigureAwait(false);
        var assignments = await _store.Certificates.ListAssignmentsAsync(null, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();

        var siteById = sites.ToDictionary(s => s.Id);
        var routes = new List<HostRoute>(addresses.Count);
        foreach (var address in addresses)
        {
            // A site removed between the two reads takes its addresses with it; the next rebuild agrees.
            if (siteById.TryGetValue(address.SiteId, out var site) && site.TenantId == address.TenantId)
            {
                routes.Add(new HostRoute(address.Name, address.Id, site));
            }
        }

        var certificates = new Dictionary<Guid, ServableCertificate>();
        foreach (var record in records)
        {
            if (CertificateLoader.IsCandidate(record, now) && LoadOrReuse(record, previous) is { } loaded)
            {
                certificates[record.Id] = loaded;
            }
        }

        var routeByAddress = routes.ToDictionary(r => r.AddressId);
        var assigned = new Dictionary<Guid, ServableCertificate>();
        foreach (var assignment in assignments)
        {
            // Never another tenant's certificate, and never one that does not name the host.
            if (routeByAddress.TryGetValue(assignment.AddressId, out var route)
                && certificates.TryGetValue(assignment.CertificateId, out var certificate)
                && certificate.TenantId == route.TenantId
                && certificate.Covers(route.Host))
            {
                assigned[assignment.AddressId] = certificate;
            }
        }

        var snapshot = new CertificateSnapshot(stamp, now, routes, assigned, certificates.Values, defaultCertificate.Context, mode);
        LogBuilt(stamp, snapshot.HostCount, snapshot.CertificateCount);
        return snapshot;
    }

    private ServableCertificate? LoadOrReuse(CertificateRecord record, CertificateSnapshot previous)
    {
        if (previous.FindLoaded(record.Id, record.Version) is { } reused)
        {
            return reused;
        }
        try
        {
            return CertificateLoader.Load(record, _keyProtector);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            // The exception type only: messages of key imports are not ours to vouch for.
            LogUnloadable(record.Id, record.Version, e.GetType().Name);
            return null;
        }
    }
}
