using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Names;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Challenges;

/// <summary>
/// The TLS-ALPN-01 validation certificate (RFC 8737 §3) for a server name, read from the store so whichever node
/// the CA reaches answers. Only handshakes offering <c>acme-tls/1</c> come here — the CA's validation
/// connections — so a store read per handshake is fine, but anyone can offer <c>acme-tls/1</c>: reads are
/// bounded in number and time, and a name that is no DNS name is never looked up. Each stored certificate's
/// handshake context is built once and reused while the row is unchanged. A singleton; thread-safe.
/// </summary>
internal sealed partial class TlsAlpnChallengeCertificates : IDisposable
{
    /// <summary>A CA validates from a few vantage points at once; more concurrent lookups are someone else's.</summary>
    internal const int MaxConcurrentLookups = 8;

    /// <summary>Built contexts kept; far more than the validations in flight, small enough to never matter.</summary>
    internal const int MaxCachedCertificates = 256;

    /// <summary>A store that cannot answer in this time fails the validation rather than holding the handshake.</summary>
    internal static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(2);

    private readonly IAcmeStateStore _store;
    private readonly IKeyProtector _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TlsAlpnChallengeCertificates> _logger;
    private readonly SemaphoreSlim _lookups = new(MaxConcurrentLookups, MaxConcurrentLookups);
    private readonly ConcurrentDictionary<string, Built> _built = new(StringComparer.Ordinal);

    public TlsAlpnChallengeCertificates(ICertsmithStore store, IKeyProtector keys, TimeProvider timeProvider, ILogger<TlsAlpnChallengeCertificates> logger)
    {
        _store = store.Acme;
        _keys = keys;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The handshake context for <paramref name="serverName"/>'s stored challenge, or null (none, expired, unreadable, busy).</summary>
    public async ValueTask<SslStreamCertificateContext?> FindAsync(string? serverName, CancellationToken cancellationToken)
    {
        if (!DnsName.TryParse(serverName, out var name, out _))
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        try
        {
            await _lookups.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogBusy(name.Value);
            return null;
        }
        try
        {
            var now = _timeProvider.GetUtcNow();
            var stored = await _store.GetTlsAlpnChallengeAsync(name.Value, now, timeout.Token).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }
            if (_built.TryGetValue(stored.ServerName, out var built) && built.Challenge.Equals(stored))
            {
                return built.Context;
            }
            var context = Build(stored);
            Prune(now);
            _built[stored.ServerName] = new Built(stored, context);
            return context;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store is down or slow, or the row cannot be decrypted (another master key): the CA sees a failed
            // validation and retries later. The exception carries no key material.
            LogLookupFailed(e, name.Value);
            return null;
        }
        finally
        {
            _lookups.Release();
        }
    }

    public void Dispose() => _lookups.Dispose();

    private SslStreamCertificateContext Build(TlsAlpnChallenge challenge)
    {
        var keyBytes = _keys.Unprotect(challenge.ProtectedKey, KeyPurposes.TlsAlpnChallenge(challenge.ServerName));
        var keyChars = Encoding.UTF8.GetChars(keyBytes);
        try
        {
            var certificate = X509Certificate2.CreateFromPem(challenge.CertificatePem, keyChars);
            // Self-signed and alone: no chain to build, nothing to fetch.
            return SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            Array.Clear(keyChars);
        }
    }

    /// <summary>Forgets expired entries, and everything when full (challenges live minutes; a rebuild is cheap).</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (serverName, built) in _built)
        {
            if (built.Challenge.ExpiresAt <= now)
            {
                _built.TryRemove(serverName, out _);
            }
        }
        if (_built.Count >= MaxCachedCertificates)
        {
            _built.Clear();
        }
    }

    private sealed record Built(TlsAlpnChallenge Challenge, SslStreamCertificateContext Context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many TLS-ALPN-01 lookups at once; refused the one for \"{ServerName}\".")]
    private partial void LogBusy(string serverName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the TLS-ALPN-01 certificate for \"{ServerName}\" failed; the validation handshake is refused.")]
    private partial void LogLookupFailed(Exception exception, string serverName);
}
