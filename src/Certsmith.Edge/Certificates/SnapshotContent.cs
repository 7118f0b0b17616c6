namespace Certsmith.Edge.Certificates;

/// <summary>
/// The indexes behind a <see cref="CertificateSnapshot"/>: mutable only while a builder fills or updates a copy,
/// never after the snapshot holding it is published (readers then share it without locks). An incremental
/// update copies the indexes (a few milliseconds at 100,000 names) and keeps every untouched entry as the same
/// object, so built handshake contexts carry over.
/// </summary>
internal sealed class SnapshotContent
{
    private SnapshotContent(
        Dictionary<string, HostRoute> routes,
        Dictionary<Guid, HostRoute> routesByAddress,
        Dictionary<Guid, Guid> assignments,
        Dictionary<Guid, ServableCertificate> certificates,
        Dictionary<Guid, TenantCertificates> tenants)
    {
        Routes = routes;
        RoutesByAddress = routesByAddress;
        Assignments = assignments;
        Certificates = certificates;
        Tenants = tenants;
    }

    /// <summary>Host name (case-insensitive) → route.</summary>
    public Dictionary<string, HostRoute> Routes { get; }

    /// <summary>Address id → route.</summary>
    public Dictionary<Guid, HostRoute> RoutesByAddress { get; }

    /// <summary>Address id → the certificate assigned to it (checked for tenant and name at lookup).</summary>
    public Dictionary<Guid, Guid> Assignments { get; }

    /// <summary>Certificate id → certificate.</summary>
    public Dictionary<Guid, ServableCertificate> Certificates { get; }

    /// <summary>Tenant id → its certificates, for serving rule 3.</summary>
    public Dictionary<Guid, TenantCertificates> Tenants { get; }

    public static SnapshotContent Create(int capacity) =>
        new(new(capacity, StringComparer.OrdinalIgnoreCase), new(capacity), new(capacity), new(capacity), []);

    /// <summary>A copy to update; the entries themselves are shared.</summary>
    public SnapshotContent Copy() =>
        new(new(Routes, StringComparer.OrdinalIgnoreCase), new(RoutesByAddress), new(Assignments), new(Certificates), new(Tenants));

    public void AddRoute(HostRoute route)
    {
        Routes[route.Host.Value] = route;
        RoutesByAddress[route.AddressId] = route;
    }

    public void RemoveRoute(Guid addressId)
    {
        if (RoutesByAddress.Remove(addressId, out var route) && Routes.TryGetValue(route.Host.Value, out var byName) && byName.AddressId == addressId)
        {
            Routes.Remove(route.Host.Value);
        }
        Assignments.Remove(addressId);
    }

    /// <summary>Rebuilds the rule-3 index of every tenant (a full build).</summary>
    public void IndexAllTenants()
    {
        Tenants.Clear();
        foreach (var group in Certificates.Values.GroupBy(c => c.TenantId))
        {
            Tenants[group.Key] = TenantCertificates.Create(group);
        }
    }

    /// <summary>Rebuilds the rule-3 index of one tenant from its previous index and the certificates that changed.</summary>
    public void ReindexTenant(Guid tenantId, IReadOnlySet<Guid> changedIds)
    {
        var kept = Tenants.TryGetValue(tenantId, out var previous) ? previous.All.Where(c => !changedIds.Contains(c.Id)) : [];
        var current = changedIds.Select(id => Certificates.GetValueOrDefault(id)).OfType<ServableCertificate>().Where(c => c.TenantId == tenantId);
        var all = kept.Concat(current).ToList();
        if (all.Count == 0)
        {
            Tenants.Remove(tenantId);
        }
        else
        {
            Tenants[tenantId] = TenantCertificates.Create(all);
        }
    }
}
