using System.Collections.Frozen;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// One tenant's servable certificates indexed for serving rule 3: by exact name, and wildcards by the parent
/// they cover; each list ordered by the later expiry first. Immutable.
/// </summary>
internal sealed class TenantCertificates
{
    private readonly FrozenDictionary<string, ServableCertificate[]> _exact;
    private readonly FrozenDictionary<string, ServableCertificate[]> _wildcardByParent;

    private TenantCertificates(FrozenDictionary<string, ServableCertificate[]> exact, FrozenDictionary<string, ServableCertificate[]> wildcardByParent)
    {
        _exact = exact;
        _wildcardByParent = wildcardByParent;
    }

    public static TenantCertificates Create(IEnumerable<ServableCertificate> certificates)
    {
        var exact = new Dictionary<string, List<ServableCertificate>>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, List<ServableCertificate>>(StringComparer.OrdinalIgnoreCase);
        foreach (var certificate in certificates)
        {
            foreach (var name in certificate.Names.DistinctBy(n => n.Value))
            {
                var (index, key) = name.IsWildcard ? (wildcard, name.Value[2..]) : (exact, name.Value);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }
                list.Add(certificate);
            }
        }
        return new TenantCertificates(Freeze(exact), Freeze(wildcard));
    }

    /// <summary>The best certificate covering <paramref name="host"/> (lower-case, no trailing dot) valid at <paramref name="now"/>.</summary>
    public ServableCertificate? FindCovering(string host, DateTimeOffset now)
    {
        if (_exact.TryGetValue(host, out var exact) && FirstServable(exact, now) is { } byName)
        {
            return byName;
        }
        // One label only: *.example.org covers a.example.org, not a.b.example.org and not example.org.
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _wildcardByParent.TryGetValue(host[(dot + 1)..], out var wildcards) ? FirstServable(wildcards, now) : null;
    }

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

    private static FrozenDictionary<string, ServableCertificate[]> Freeze(Dictionary<string, List<ServableCertificate>> index) =>
        index.ToFrozenDictionary(
            e => e.Key,
            e => e.Value.OrderByDescending(c => c.NotAfter).ThenBy(c => c.Id).ToArray(),
            StringComparer.OrdinalIgnoreCase);
}
