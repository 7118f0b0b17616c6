using System.Net.Security;
using Certsmith.Acme.Challenges;

namespace Certsmith.Edge.Tls;

/// <summary>
/// What the edge read from a ClientHello before TLS began (<see cref="ClientHelloPeekMiddleware"/>): the SNI and
/// the offered ALPN protocols, which .NET's handshake callback does not show. Set as a connection feature.
/// </summary>
/// <param name="ServerName">The server_name's host_name (RFC 6066 §3), or null when none was sent.</param>
/// <param name="ApplicationProtocols">The offered protocols in the client's order (RFC 7301 §3.1); empty when none.</param>
internal sealed record PeekedClientHello(string? ServerName, IReadOnlyList<SslApplicationProtocol> ApplicationProtocols)
{
    /// <summary>Whether the client asked for TLS-ALPN-01 (RFC 8737 §3): only then may it see a validation certificate.</summary>
    public bool OffersAcmeTls => ApplicationProtocols.Contains(TlsAlpn01.Protocol);
}
