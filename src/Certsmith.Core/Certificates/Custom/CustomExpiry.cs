namespace Certsmith.Core.Certificates.Custom;

/// <summary>
/// Which custom certificates are about to expire, as the tenant should be told (warnings by event and webhook, the
/// panel's banner): installed, not retired, not yet expired, and not already replaced by a newer certificate of the
/// tenant for the same names (the tenant uploaded the renewal; the old one is about to go quietly).
/// </summary>
public static class CustomExpiry
{
    /// <summary>
    /// The certificates among <paramref name="custom"/> (one or more tenants' custom certificates) that expire within
    /// <paramref name="within"/> of <paramref name="now"/> and are not replaced, soonest first; with
    /// <paramref name="andExpired"/>, those already expired too (the panel keeps showing them until replaced or removed).
    /// </summary>
    public static IReadOnlyList<CertificateRecord> Expiring(IEnumerable<CertificateRecord> custom, DateTimeOffset now, TimeSpan within, bool andExpired = false)
    {
        ArgumentNullException.ThrowIfNull(custom);
        var live = custom.Where(c => c is { Kind: CertificateKind.Custom, ChainPem: not null, NotAfter: not null } && c.State != CertificateState.Retired).ToLookup(c => c.TenantId);
        return live.SelectMany(g => g)
            .Where(c => (andExpired || c.NotAfter > now) && c.NotAfter - now <= within && !IsReplaced(c, live[c.TenantId]))
            .OrderBy(c => c.NotAfter)
            .ToList();
    }

    /// <summary>A newer certificate of the tenant for (at least) the same names lives longer.</summary>
    private static bool IsReplaced(CertificateRecord certificate, IEnumerable<CertificateRecord> tenants) =>
        tenants.Any(c => c.Id != certificate.Id && c.NotAfter > certificate.NotAfter && certificate.Names.All(n => c.Names.Contains(n)));
}
