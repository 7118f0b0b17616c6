using System.Collections.Frozen;
using System.Net.Security;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// What the edge serves, as read from the store at one moment: host name → site, and each tenant's servable
/// certificates. Immutable and thread-safe; a new one replaces it atomically, so a handshake takes no lock
/// and does no I/O. Validity is checked against the clock at lookup, so a certificate that expires between
/// two rebuilds stops being served on time.
/// </summary>
public sealed class CertificateSnapshot
{
    private static readonly FrozenDictionary<Guid, TenantCertificates> NoTenants = FrozenDictionary<Guid, TenantCertificates>.Empty;

    private readonly FrozenDictionary<string, HostRoute> _routes;
    private readonly FrozenDictionary<Guid, ServableCertificate> _assignedByAddress;
    private readonly FrozenDictionary<Guid, TenantCertificates> _byTenant;
    private readonly FrozenDictionary<Guid, ServableCertificate> _byId;
    private readonly SslStreamCertificateContext _defaultContext;
    private readonly UnknownNameMode _unknownNameMode;

    internal CertificateSnapshot(
        long? changeStamp,
        DateTimeOffset builtAt,
        IReadOnlyCollection<HostRoute> routes,
        IReadOnlyDictionary<Guid, ServableCertificate> assignedByAddress,
        IReadOnlyCollection<ServableCertificate> certificates,
        SslStreamCertificateContext defaultContext,
        UnknownNameMode unknownNameMode)
    {
        ChangeStamp = changeStamp;
        BuiltAt = builtAt;
        _routes = routes.ToFrozenDictionary(r => r.Host.Value, StringComparer.OrdinalIgnoreCase);
        _assignedByAddress = assignedByAddress.ToFrozenDictionary();
        _byId = certificates.ToFrozenDictionary(c => c.Id);
        _byTenant = certificates.Count == 0
            ? NoTenants
            : certificates.GroupBy(c => c.TenantId).ToFrozenDictionary(g => g.Key, TenantCertificates.Create);
        _defaultContext = defaultContext;
        _unknownNameMode = unknownNameMode;
    }

    /// <summary>The store's change stamp this snapshot was built from; null for the empty one made before the first read.</summary>
    public long? ChangeStamp { get; }

    /// <summary>When it was built.</summary>
    public DateTimeOffset BuiltAt { get; }

    /// <summary>How many host names it routes.</summary>
    public int HostCount => _routes.Count;

    /// <summary>How many certificates it holds (servable now or later).</summary>
    public int CertificateCount => _byId.Count;

    /// <summary>The site serving <paramref name="host"/> (case-insensitive; one trailing dot ignored), or null.</summary>
    public HostRoute? FindRoute(string? host) =>
        Normalize(host) is { } name && _routes.TryGetValue(name, out var route) ? route : null;

    /// <summary>
    /// The certificate for a handshake with server name <paramref name="serverName"/> (null when the client
    /// sent no SNI), by DESIGN.md's serving rules: only the address's tenant's certificates; the assigned
    /// one while valid; another valid one covering the name, exact before wildcard, later expiry first;
    /// else the default certificate or a refusal — never an expired or another tenant's certificate.
    /// </summary>
    public CertificateSelection Select(string? serverName, DateTimeOffset now)
    {
        var host = Normalize(serverName);
        if (host is not null && _routes.TryGetValue(host, out var route))
        {
            // Rule 1 — the custom certificate the tenant attached to this address — goes here once the model
            // has attachments (a per-address custom certificate id next to the assignment).
            if (_assignedByAddress.TryGetValue(route.AddressId, out var assigned) && assigned.IsServable(now))
            {
                return new CertificateSelection(SelectionReason.Assigned, assigned, null);
            }
            if (_byTenant.TryGetValue(route.TenantId, out var tenant) && tenant.FindCovering(host, now) is { } covering)
            {
                return new CertificateSelection(SelectionReason.Covering, covering, null);
            }
        }
        return _unknownNameMode == UnknownNameMode.Refuse
            ? new CertificateSelection(SelectionReason.Refused, null, null)
            : new CertificateSelection(SelectionReason.Default, null, _defaultContext);
    }

    /// <summary>The loaded certificate with this id and version, to carry its built context into the next snapshot.</summary>
    internal ServableCertificate? FindLoaded(Guid id, long version) =>
        _byId.TryGetValue(id, out var certificate) && certificate.Version == version ? certificate : null;

    internal static CertificateSnapshot Empty(DateTimeOffset now, SslStreamCertificateContext defaultContext, UnknownNameMode mode) =>
        new(null, now, [], FrozenDictionary<Guid, ServableCertificate>.Empty, [], defaultContext, mode);

    /// <summary>The name with one trailing dot removed (lookups ignore case); null for what can be no address (empty, a wildcard).</summary>
    private static string? Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }
        return name.EndsWith('.') ? name[..^1] : name;
    }
}
