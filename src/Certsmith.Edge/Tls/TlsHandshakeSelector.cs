using System.Net.Security;
using System.Security.Authentication;
using Certsmith.Edge.Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Tls;

/// <summary>
/// Kestrel's per-handshake callback: picks the certificate for the ClientHello's server name from the current
/// snapshot (a dictionary lookup; no I/O, no lock) and allows TLS 1.2 and 1.3 only. Thread-safe.
/// </summary>
internal sealed partial class TlsHandshakeSelector
{
    /// <summary>TLS 1.0 and 1.1 are deprecated (RFC 8996).</summary>
    internal const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly List<SslApplicationProtocol> ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly EdgeCertificateCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TlsHandshakeSelector> _logger;

    public TlsHandshakeSelector(EdgeCertificateCache cache, TimeProvider timeProvider, ILogger<TlsHandshakeSelector> logger)
    {
        _cache = cache;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public ValueTask<SslServerAuthenticationOptions> OnConnectionAsync(TlsHandshakeCallbackContext context)
    {
        // TLS-ALPN-01 (RFC 8737) goes here in a later issue: a connection middleware before UseHttps reads the
        // ClientHello's ALPN list into context.Connection.Items; when it offers only "acme-tls/1", answer with
        // the challenge certificate from the store instead of the snapshot's.
        var serverName = context.ClientHelloInfo.ServerName;
        var selection = _cache.Current.Select(serverName, _timeProvider.GetUtcNow());
        var certificateContext = selection.GetContext();
        if (certificateContext is null)
        {
            LogRefused(serverName, context.Connection.RemoteEndPoint);
            // Kestrel ends the connection without a ServerHello and logs the failed handshake at Debug.
            throw new AuthenticationException("No certificate is served for this server name.");
        }
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificateContext,
            EnabledSslProtocols = Protocols,
            ApplicationProtocols = ApplicationProtocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused the TLS handshake for server name \"{ServerName}\" from {Remote}: no certificate of its tenant is valid, and unknown names are refused.")]
    private partial void LogRefused(string? serverName, System.Net.EndPoint? remote);
}
