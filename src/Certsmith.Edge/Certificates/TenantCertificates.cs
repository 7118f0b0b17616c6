namespace Certsmith.Edge.Certificates;

/// <summary>
/// One tenant's certificates, ordered by the later expiry first, for serving rule 3 (exact names before a
/// wildcard). Most tenants hold a handful, scanned in place; a tenant with many gets name indexes. Immutable.
/// </summary>
internal sealed class TenantCertificates
{
    /// <summary>Up to this many certificates a scan beats a dictionary, in time and in memory.</summary>
    private const int IndexFrom = 16;

    private readonly ServableCertificate[] _all;
    private readonly Dictionary<string, ServableCertificate[]>? _exact;
    private readonly Dictionary<string, ServableCertificate[]>? _wildcardByParent;

    private TenantCertificates(ServableCertificate[] all)
    {
        _all = all;
        if (all.Length >= IndexFrom)
        {
            _exact = Index(all, wildcard: false);
            _wildcardByParent = Index(all, wildcard: true);
        }
    }

    /// <summary>Every certificate of the tenant in this snapshot.</summary>
    public IReadOnlyList<ServableCertificate> All => _all;

    public static TenantCertificates Create(IEnumerable<ServableCertificate> certificates) =>
        new([.. certificates.OrderByDescending(c => c.NotAfter).ThenBy(c => c.Id)]);

    /// <summary>The best certificate covering <paramref name="host"/> (lower-case, no trailing dot) servable at <paramref name="now"/>.</summary>
    public ServableCertificate? FindCovering(string host, DateTimeOffset now)
    {
        // One label only: *.example.org covers a.example.org, not a.b.example.org and not example.org.
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        var parent = dot > 0 ? host[(dot + 1)..] : null;
        if (_exact is not null && _wildcardByParent is not null)
        {
            if (_exact.TryGetValue(host, out var exact) && FirstServable(exact, now) is { } byName)
            {
                return byName;
            }
            return parent is not null && _wildcardByParent.TryGetValue(parent, out var wildcards) ? FirstServable(wildcards, now) : null;
        }
        return Scan(host, wildcard: false, now) ?? (parent is null ? null : Scan(parent, wildcard: true, now));
    }

    private ServableCertificate? Scan(string key, bool wildcard, DateTimeOffset now)
    {
        foreach (var candidate in _all)
        {
            foreach (var name in candidate.Names)
            {
                if (name.IsWildcard == wildcard && Key(name.Value, wildcard).Equals(key, StringComparison.OrdinalIgnoreCase) && candidate.IsServable(now))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static ReadOnlySpan<char> Key(string name, bool wildcard) => wildcard ? name.AsSpan(2) : name;

    private static ServableCertificate? FirstServable(ServableCertificate[] candidates, DateTimeOffset now)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.IsServable(now))
            {
                return candidate;
            }
        }
        return null;
    }

    private static Dictionary<string, ServableCertificate[]> Index(ServableCertificate[] ordered, bool wildcard)
    {
        var index = new Dictionary<string, List<ServableCertificate>>(StringComparer.OrdinalIgnoreCase);
        foreach (var certificate in ordered)
        {
            foreach (var name in certificate.Names.Where(n => n.IsWildcard == wildcard).DistinctBy(n => n.Value))
            {
                var key = wildcard ? name.Value[2..] : name.Value;
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }
                list.Add(certificate);
            }
        }
        return index.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }
}
