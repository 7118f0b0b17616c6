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
    /// <summary>A bound on re-selecting after certificates fail to build (each failure takes one out for good).</summary>
    private const int MaxSelections = 8;

    private readonly DefaultCertificate _defaultCertificate;
    private readonly UnknownNameMode _unknownNameMode;

    internal CertificateSnapshot(
        long? changeStamp, DateTimeOffset builtAt, DateTimeOffset lastFullBuildAt, SnapshotContent content, DefaultCertificate defaultCertificate, UnknownNameMode unknownNameMode)
    {
        ChangeStamp = changeStamp;
        BuiltAt = builtAt;
        LastFullBuildAt = lastFullBuildAt;
        Content = content;
        _defaultCertificate = defaultCertificate;
        _unknownNameMode = unknownNameMode;
    }

    /// <summary>The store's change stamp this snapshot was built from; null for the empty one made before the first read.</summary>
    public long? ChangeStamp { get; }

    /// <summary>When it was built.</summary>
    public DateTimeOffset BuiltAt { get; }

    /// <summary>When the snapshot this one descends from was read from the store in full.</summary>
    public DateTimeOffset LastFullBuildAt { get; }

    /// <summary>How many host names it routes.</summary>
    public int HostCount => Content.Routes.Count;

    /// <summary>How many certificates it holds (servable now or later).</summary>
    public int CertificateCount => Content.Certificates.Count;

    /// <summary>Never changed once this snapshot is published.</summary>
    internal SnapshotContent Content { get; }

    /// <summary>The site serving <paramref name="host"/> (case-insensitive; one trailing dot ignored), or null.</summary>
    public HostRoute? FindRoute(string? host) =>
        Normalize(host) is { } name && Content.Routes.TryGetValue(name, out var route) ? route : null;

    /// <summary>
    /// The certificate for a handshake with server name <paramref name="serverName"/> (null when the client
    /// sent no SNI), by DESIGN.md's serving rules: only the address's tenant's certificates; the assigned
    /// one while valid; another valid one covering the name, exact before wildcard, later expiry first;
    /// else the default certificate or a refusal — never an expired or another tenant's certificate.
    /// </summary>
    public CertificateSelection Select(string? serverName, DateTimeOffset now)
    {
        var host = Normalize(serverName);
        if (host is not null && Content.Routes.TryGetValue(host, out var route))
        {
            // Rule 1: the custom certificate the tenant attached to this address, while it is valid.
            if (route.CustomCertificateId is { } customId
                && Content.Certificates.TryGetValue(customId, out var custom)
                && custom.TenantId == route.TenantId
                && custom.IsServable(now)
                && custom.Covers(route.Host))
            {
                return new CertificateSelection(SelectionReason.Attached, custom);
            }
            // Rule 2: the managed certificate assigned to it, while valid.
            if (Content.Assignments.TryGetValue(route.AddressId, out var assignedId)
                && Content.Certificates.TryGetValue(assignedId, out var assigned)
                // Never another tenant's certificate, and never one that does not name the host.
                && assigned.TenantId == route.TenantId
                && assigned.IsServable(now)
                && assigned.Covers(route.Host))
            {
                return new CertificateSelection(SelectionReason.Assigned, assigned);
            }
            if (Content.Tenants.TryGetValue(route.TenantId, out var tenant) && tenant.FindCovering(host, now) is { } covering)
            {
                return new CertificateSelection(SelectionReason.Covering, covering);
            }
        }
        return _unknownNameMode == UnknownNameMode.Refuse
            ? new CertificateSelection(SelectionReason.Refused, null)
            : new CertificateSelection(SelectionReason.Default, null);
    }

    /// <summary>
    /// The handshake options for <paramref name="serverName"/>: <see cref="Select"/>, then the chosen certificate's
    /// context (built now on its first handshake). A certificate that fails to build drops out and the rules
    /// choose again. Null when the handshake is refused.
    /// </summary>
    internal SslServerAuthenticationOptions? SelectHandshake(string? serverName, DateTimeOffset now)
    {
        for (var attempt = 0; attempt < MaxSelections; attempt++)
        {
            var selection = Select(serverName, now);
            if (selection.Certificate is null)
            {
                return selection.Reason == SelectionReason.Default ? _defaultCertificate.Options : null;
            }
            if (selection.Certificate.Activate() is { } active)
            {
                return active.Options;
            }
        }
        return _unknownNameMode == UnknownNameMode.Refuse ? null : _defaultCertificate.Options;
    }

    /// <summary>The certificate with this id and version, to carry its built context into the next snapshot.</summary>
    internal ServableCertificate? FindLoaded(Guid id, long version) =>
        Content.Certificates.TryGetValue(id, out var certificate) && certificate.Version == version ? certificate : null;

    internal static CertificateSnapshot Empty(DateTimeOffset now, DefaultCertificate defaultCertificate, UnknownNameMode mode) =>
        new(null, now, now, SnapshotContent.Create(0), defaultCertificate, mode);

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
