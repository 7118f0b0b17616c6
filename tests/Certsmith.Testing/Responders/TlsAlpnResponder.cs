using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Certsmith.Testing;

/// <summary>
/// Answers TLS-ALPN-01 challenges (RFC 8737) on 127.0.0.1: a handshake whose SNI names a registered
/// name completes with ALPN <c>acme-tls/1</c> and that name's certificate; any other name fails the
/// handshake. Point <see cref="Certsmith.LocalCa.PebbleOptions.TlsPort"/> at <see cref="Port"/>. Thread-safe.
/// </summary>
public sealed class TlsAlpnResponder : IAsyncDisposable
{
    /// <summary>RFC 8737 §6.2.</summary>
    public static readonly SslApplicationProtocol AcmeTls1 = new("acme-tls/1");

    private readonly ConcurrentDictionary<string, SslStreamCertificateContext> _contexts = new(StringComparer.Ordinal);

    /// <summary>Certificates copied in by <see cref="Set"/>; kept until dispose since a handshake may still use one.</summary>
    private readonly ConcurrentBag<X509Certificate2> _owned = [];
    private WebApplication? _app;

    private TlsAlpnResponder()
    {
    }

    /// <summary>The port Kestrel bound on 127.0.0.1.</summary>
    public int Port { get; private set; }

    public static async Task<TlsAlpnResponder> StartAsync(CancellationToken cancellationToken)
    {
        var responder = new TlsAlpnResponder();
        var tls = new TlsHandshakeCallbackOptions { OnConnection = responder.SelectAsync };
        (responder._app, responder.Port) = await KestrelLoopback
            .StartAsync(
                listener =>
                {
                    listener.Protocols = HttpProtocols.Http1;
                    listener.UseHttps(tls);
                },
                context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                },
                cancellationToken)
            .ConfigureAwait(false);
        return responder;
    }

    /// <summary>
    /// Serves <paramref name="certificateWithKey"/> (the RFC 8737 §3 validation certificate) to
    /// handshakes for <paramref name="sniName"/>. The responder keeps its own copy, built once here.
    /// </summary>
    public void Set(string sniName, X509Certificate2 certificateWithKey)
    {
        if (!certificateWithKey.HasPrivateKey)
        {
            throw new ArgumentException("The certificate needs its private key.", nameof(certificateWithKey));
        }

        // A PKCS#12 round trip gives a copy the caller cannot dispose under us, with a persisted key
        // that SslStream can use on every platform (ephemeral keys fail on some).
        var copy = X509CertificateLoader.LoadPkcs12(certificateWithKey.Export(X509ContentType.Pkcs12), null);
        _owned.Add(copy);
        _contexts[Normalize(sniName)] = SslStreamCertificateContext.Create(copy, additionalCertificates: null, offline: true);
    }

    /// <summary>Stops answering for <paramref name="sniName"/>; false when it was not set.</summary>
    public bool Remove(string sniName) => _contexts.TryRemove(Normalize(sniName), out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        while (_owned.TryTake(out var certificate))
        {
            certificate.Dispose();
        }
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        var name = context.ClientHelloInfo.ServerName;
        if (string.IsNullOrEmpty(name) || !_contexts.TryGetValue(Normalize(name), out var certificate))
        {
            // Kestrel logs this at Debug and drops the connection.
            throw new AuthenticationException($"No TLS-ALPN-01 certificate for '{name}'.");
        }

        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            ApplicationProtocols = [AcmeTls1],
            ClientCertificateRequired = false,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
    }
}
