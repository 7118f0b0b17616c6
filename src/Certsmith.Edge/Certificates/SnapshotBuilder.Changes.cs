using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Edge.Certificates;

/// <summary>The incremental build: the previous snapshot plus what the store's change log says changed.</summary>
internal sealed partial class SnapshotBuilder
{
    /// <summary>Past this many changed records one full read is cheaper than reading them one by one.</summary>
    private const int IncrementalUpTo = 5_000;

    /// <summary>Whether <see cref="ApplyAsync"/> is the cheaper way to take in <paramref name="changes"/>.</summary>
    public static bool IsSmall(StoreChanges changes) =>
        changes.CertificateIds.Count + changes.AddressIds.Count + changes.SiteIds.Count <= IncrementalUpTo;

    /// <summary>
    /// The previous snapshot with <paramref name="changes"/> applied: only the changed certificates, addresses and
    /// sites are read; every other entry, and its built context, is the same object as before.
    /// </summary>
    public async Task<CertificateSnapshot> ApplyAsync(CertificateSnapshot previous, StoreChanges changes, DefaultCertificate defaultCertificate, UnknownNameMode mode, CancellationToken cancellationToken)
    {
        var content = previous.Content.Copy();
        var now = _timeProvider.GetUtcNow();
        await ApplyCertificatesAsync(content, previous, changes.CertificateIds, now, cancellationToken).ConfigureAwait(false);
        await ApplyAddressesAsync(content, changes, cancellationToken).ConfigureAwait(false);
        var snapshot = new CertificateSnapshot(changes.Stamp, now, previous.LastFullBuildAt, content, defaultCertificate, mode);
        LogApplied(changes.Stamp, changes.CertificateIds.Count, changes.AddressIds.Count, changes.SiteIds.Count);
        return snapshot;
    }

    private async Task ApplyCertificatesAsync(SnapshotContent content, CertificateSnapshot previous, IReadOnlyCollection<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenants = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (content.Certificates.Remove(id, out var old))
            {
                tenants.Add(old.TenantId);
            }
            var record = await _store.Certificates.GetCertificateAsync(id, cancellationToken).ConfigureAwait(false);
            // Gone, retired, expired or not issued yet: it leaves the snapshot.
            if (record is not null && PrepareOrReuse(record, previous, now) is { } certificate)
            {
                content.Certificates[id] = certificate;
                tenants.Add(certificate.TenantId);
            }
        }
        var changed = ids as IReadOnlySet<Guid> ?? ids.ToHashSet();
        foreach (var tenant in tenants)
        {
            content.ReindexTenant(tenant, changed);
        }
    }

    private async Task ApplyAddressesAsync(SnapshotContent content, StoreChanges changes, CancellationToken cancellationToken)
    {
        var sites = new Dictionary<Guid, Site?>();
        // Addresses listed with a changed site are current already: only the others are read one by one.
        var known = new Dictionary<Guid, SiteAddress>();
        foreach (var siteId in changes.SiteIds)
        {
            // New settings reach every address of the site; a removed site's addresses are in the log too.
            sites[siteId] = await _store.Sites.GetSiteAsync(siteId, cancellationToken).ConfigureAwait(false);
            foreach (var address in await _store.Sites.ListAddressesAsync(siteId, cancellationToken).ConfigureAwait(false))
            {
                known[address.Id] = address;
            }
        }
        // Remove first, then add: a name removed and re-added under another address in one change set is not lost.
        var current = new List<SiteAddress>(known.Count + changes.AddressIds.Count);
        foreach (var id in known.Keys.Union(changes.AddressIds))
        {
            content.RemoveRoute(id);
            if (known.TryGetValue(id, out var listed))
            {
                current.Add(listed);
            }
            else if (await _store.Sites.GetAddressAsync(id, cancellationToken).ConfigureAwait(false) is { } address)
            {
                current.Add(address);
            }
        }
        foreach (var address in current)
        {
            if (!sites.TryGetValue(address.SiteId, out var site))
            {
                sites[address.SiteId] = site = await _store.Sites.GetSiteAsync(address.SiteId, cancellationToken).ConfigureAwait(false);
            }
            if (!Routable(address, site))
            {
                continue;
            }
            content.AddRoute(new HostRoute(address.Name, address.Id, site!, address.CustomCertificateId));
            if (await _store.Certificates.GetAssignmentAsync(address.Id, cancellationToken).ConfigureAwait(false) is { } assignment)
            {
                content.Assignments[address.Id] = assignment.CertificateId;
            }
        }
    }
}
