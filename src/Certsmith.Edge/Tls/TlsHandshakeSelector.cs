using System.Net.Security;
using System.Security.Authentication;
using Certsmith.Acme.Challenges;
using Certsmith.Edge.Certificates;
using Certsmith.Edge.Challenges;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Tls;

/// <summary>
/// Kestrel's per-handshake callback: picks the certificate for the ClientHello's server name from the current
/// snapshot (a dictionary lookup; no I/O, no lock) and allows TLS 1.2 and 1.3 only. A client that offered
/// <c>acme-tls/1</c> (read by <see cref="ClientHelloPeekMiddleware"/>) gets the TLS-ALPN-01 validation
/// certificate for its name instead, or is refused; no other client ever sees one. Thread-safe.
/// </summary>
internal sealed partial class TlsHandshakeSelector
{
    /// <summary>RFC 8737 §3: the validation handshake negotiates acme-tls/1 and nothing else.</summary>
    private static readonly List<SslApplicationProtocol> AcmeTlsProtocols = [TlsAlpn01.Protocol];

    private readonly EdgeCertificateCache _cache;
    private readonly TlsAlpnChallengeCertificates _challenges;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TlsHandshakeSelector> _logger;

    public TlsHandshakeSelector(
        EdgeCertificateCache cache, TlsAlpnChallengeCertificates challenges, EdgeMetrics metrics, TimeProvider timeProvider, ILogger<TlsHandshakeSelector> logger)
    {
        _cache = cache;
        _challenges = challenges;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public ValueTask<SslServerAuthenticationOptions> OnConnectionAsync(TlsHandshakeCallbackContext context)
    {
        var serverName = context.ClientHelloInfo.ServerName;
        if (context.Connection.Features.Get<PeekedClientHello>() is { OffersAcmeTls: true })
        {
            return AnswerValidationAsync(serverName, context);
        }
        // The first handshake for a certificate builds its context (CPU only: the key is already in memory).
        var options = _cache.Current.SelectHandshake(serverName, _timeProvider.GetUtcNow());
        if (options is null)
        {
            LogRefused(serverName, context.Connection.RemoteEndPoint);
            // Kestrel ends the connection without a ServerHello and logs the failed handshake at Debug.
            throw new AuthenticationException("No certificate is served for this server name.");
        }
        return ValueTask.FromResult(options);
    }

    /// <summary>RFC 8737 §3: the validation certificate for exactly this name, or no handshake at all (never the site's certificate).</summary>
    private async ValueTask<SslServerAuthenticationOptions> AnswerValidationAsync(string? serverName, TlsHandshakeCallbackContext context)
    {
        var certificateContext = await _challenges.FindAsync(serverName, context.CancellationToken).ConfigureAwait(false);
        _metrics.AcmeTlsHandshake(answered: certificateContext is not null);
        if (certificateContext is null)
        {
            LogValidationRefused(serverName, context.Connection.RemoteEndPoint);
            throw new AuthenticationException("No TLS-ALPN-01 challenge is pending for this server name.");
        }
        LogValidationAnswered(serverName, context.Connection.RemoteEndPoint);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificateContext,
            EnabledSslProtocols = HandshakeOptions.Protocols,
            ApplicationProtocols = AcmeTlsProtocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a TLS-ALPN-01 validation for server name \"{ServerName}\" from {Remote}.")]
    private partial void LogValidationAnswered(string? serverName, System.Net.EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused an acme-tls/1 handshake for server name \"{ServerName}\" from {Remote}: no TLS-ALPN-01 challenge is pending for it.")]
    private partial void LogValidationRefused(string? serverName, System.Net.EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused the TLS handshake for server name \"{ServerName}\" from {Remote}: no certificate of its tenant is valid, and unknown names are refused.")]
    private partial void LogRefused(string? serverName, System.Net.EndPoint? remote);
}
