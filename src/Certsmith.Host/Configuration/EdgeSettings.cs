using System.Net;
using Certsmith.Edge;

namespace Certsmith.Host.Configuration;

/// <summary>Section "Edge": where sites are served.</summary>
public sealed class EdgeSettings
{
    /// <summary>The address both listeners bind (0.0.0.0 or :: in production; 127.0.0.1 locally).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Plain HTTP (HTTP-01, redirects); 0 = chosen at start.</summary>
    public int HttpPort { get; set; } = EdgeDefaults.HttpPort;

    /// <summary>HTTPS; 0 = chosen at start.</summary>
    public int HttpsPort { get; set; } = EdgeDefaults.HttpsPort;

    /// <summary>What a handshake for a name with no certificate gets.</summary>
    public UnknownNameMode UnknownNameMode { get; set; } = UnknownNameMode.DefaultCertificate;

    /// <summary>The edge's options, or the reasons it has none.</summary>
    public EdgeOptions ToOptions(List<string> errors)
    {
        if (!IPAddress.TryParse(BindAddress, out var address))
        {
            errors.Add($"Edge:BindAddress \"{BindAddress}\" is not an IP address.");
            address = IPAddress.Loopback;
        }
        return new EdgeOptions { BindAddress = address, HttpPort = HttpPort, HttpsPort = HttpsPort, UnknownNameMode = UnknownNameMode };
    }
}
