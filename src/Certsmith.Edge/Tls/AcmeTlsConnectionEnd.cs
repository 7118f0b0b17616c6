using Certsmith.Acme.Challenges;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Certsmith.Edge.Tls;

/// <summary>
/// A connection middleware placed after <c>UseHttps</c>: a connection that negotiated <c>acme-tls/1</c> only
/// proves control of a name (RFC 8737 §3) and carries no HTTP, so it ends after the handshake.
/// </summary>
internal static class AcmeTlsConnectionEnd
{
    public static ConnectionDelegate Create(ConnectionDelegate next) => context =>
        context.Features.Get<ITlsApplicationProtocolFeature>() is { } alpn && alpn.ApplicationProtocol.Span.SequenceEqual(TlsAlpn01.Protocol.Protocol.Span)
            ? Task.CompletedTask
            : next(context);
}
