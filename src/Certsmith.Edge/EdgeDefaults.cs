namespace Certsmith.Edge;

/// <summary>The defaults of <see cref="EdgeOptions"/>, with why.</summary>
public static class EdgeDefaults
{
    /// <summary>HTTP-01 is validated on port 80 (RFC 8555 §8.3).</summary>
    public const int HttpPort = 80;

    /// <summary>HTTPS and TLS-ALPN-01 (RFC 8737 §3) are on port 443.</summary>
    public const int HttpsPort = 443;

    /// <summary>A name under the reserved <c>.invalid</c> TLD (RFC 2606 §2) that no client can mistake for a site.</summary>
    public const string DefaultCertificateName = "default.certsmith.invalid";

    /// <summary>Short enough that a new certificate serves within a second; the stamp query is one indexed read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Changes arrive through the store's change log; the full read is a safety net that also drops expired
    /// certificates (never served anyway: validity is checked per handshake). At 100,000 certificates it costs
    /// about two seconds of CPU and a few hundred MB of short-lived allocations, so not every minute.
    /// </summary>
    public static readonly TimeSpan MaxSnapshotAge = TimeSpan.FromMinutes(10);

    /// <summary>Kestrel's own default; a client that stalls longer is not a browser.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A backend that takes longer to accept a connection is treated as down (502).</summary>
    public static readonly TimeSpan BackendConnectTimeout = TimeSpan.FromSeconds(10);
}
