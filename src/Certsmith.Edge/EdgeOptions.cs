using System.Net;

namespace Certsmith.Edge;

/// <summary>The edge's settings; checked at start by <see cref="EdgeServer.StartAsync(Core.Storage.ICertsmithStore, Core.Security.IKeyProtector, TimeProvider, Microsoft.Extensions.Logging.ILoggerFactory, EdgeOptions, CancellationToken)"/>, which reports every error at once.</summary>
public sealed class EdgeOptions
{
    /// <summary>The address both listeners bind to. Loopback by default, so nothing is exposed by accident (local runs and tests).</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The plain-HTTP port (HTTP-01 challenges, sites over HTTP); 0 lets the OS choose (see <see cref="EdgeServer.HttpPort"/>).</summary>
    public int HttpPort { get; set; } = EdgeDefaults.HttpPort;

    /// <summary>The HTTPS port; 0 lets the OS choose (see <see cref="EdgeServer.HttpsPort"/>).</summary>
    public int HttpsPort { get; set; } = EdgeDefaults.HttpsPort;

    /// <summary>What a handshake gets when no certificate of the address's tenant is servable, or the name is no address.</summary>
    public UnknownNameMode UnknownNameMode { get; set; } = UnknownNameMode.DefaultCertificate;

    /// <summary>The host name in the self-signed default certificate generated at start.</summary>
    public string DefaultCertificateName { get; set; } = EdgeDefaults.DefaultCertificateName;

    /// <summary>How often the store's change stamp is read (a cheap query) to tell whether the snapshot must be rebuilt.</summary>
    public TimeSpan PollInterval { get; set; } = EdgeDefaults.PollInterval;

    /// <summary>
    /// How often the snapshot is read from the store in full rather than updated from the store's change log:
    /// it drops certificates that expired meanwhile and re-reads anything a store without a change log misses.
    /// </summary>
    public TimeSpan MaxSnapshotAge { get; set; } = EdgeDefaults.MaxSnapshotAge;

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = EdgeDefaults.HandshakeTimeout;

    /// <summary>How long connecting to a site's backend may take before the answer is 502.</summary>
    public TimeSpan BackendConnectTimeout { get; set; } = EdgeDefaults.BackendConnectTimeout;
}
