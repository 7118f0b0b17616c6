namespace Certsmith.Core.Storage;

/// <summary>The platform's ACME account at one CA; the key is encrypted by the master key.</summary>
/// <param name="DirectoryUrl">The CA's directory URL (identifies the CA).</param>
/// <param name="AccountUrl">The account URL (kid).</param>
/// <param name="ProtectedKey">The account key (PKCS#8 PEM), encrypted.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record AcmeAccountRecord(Uri DirectoryUrl, Uri AccountUrl, byte[] ProtectedKey, DateTimeOffset CreatedAt);

/// <summary>An HTTP-01 answer the edge serves; stored so that any node answers (like certmagic's distributed solver).</summary>
/// <param name="Token">The challenge token (base64url).</param>
/// <param name="KeyAuthorization">The body to answer with.</param>
/// <param name="ExpiresAt">When it may be forgotten.</param>
public sealed record ChallengeAnswer(string Token, string KeyAuthorization, DateTimeOffset ExpiresAt);

/// <summary>A DNS-01 TXT record the platform wrote to its DNS (RFC 8555 §8.4), kept until it is removed.</summary>
/// <param name="RecordName">Where (e.g. <c>_acme-challenge.example.org</c>, or the end of its CNAME chain).</param>
/// <param name="Value">The TXT value.</param>
/// <param name="Zone">The zone it was written to.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ExpiresAt">When it is stale for sure (no validation takes that long): then a sweep removes it.</param>
public sealed record DnsChallengeRecord(string RecordName, string Value, string Zone, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>ACME accounts and challenge answers (HTTP-01 and TLS-ALPN-01). Thread-safe; every method atomic.</summary>
public interface IAcmeStateStore
{
    /// <summary>The account at a CA, or null.</summary>
    Task<AcmeAccountRecord?> GetAccountAsync(Uri directoryUrl, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the account at a CA.</summary>
    Task SaveAccountAsync(AcmeAccountRecord account, CancellationToken cancellationToken);

    /// <summary>Publishes an HTTP-01 answer (replacing one with the same token).</summary>
    Task PutChallengeAnswerAsync(ChallengeAnswer answer, CancellationToken cancellationToken);

    /// <summary>The answer for a token, if not expired at <paramref name="now"/>, or null.</summary>
    Task<ChallengeAnswer?> GetChallengeAnswerAsync(string token, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Withdraws an answer.</summary>
    Task RemoveChallengeAnswerAsync(string token, CancellationToken cancellationToken);

    /// <summary>Publishes a TLS-ALPN-01 certificate for its server name (replacing one for the same name).</summary>
    Task PutTlsAlpnChallengeAsync(TlsAlpnChallenge challenge, CancellationToken cancellationToken);

    /// <summary>The TLS-ALPN-01 certificate for a server name (exact, lower-case), if not expired at <paramref name="now"/>, or null.</summary>
    Task<TlsAlpnChallenge?> GetTlsAlpnChallengeAsync(string serverName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Withdraws the certificate for a server name if it is still the one for <paramref name="token"/> (idempotent).</summary>
    Task RemoveTlsAlpnChallengeAsync(string serverName, string token, CancellationToken cancellationToken);

    /// <summary>Remembers a DNS-01 TXT record about to be written (before it is), so one left by a crash is found and removed.</summary>
    Task PutDnsRecordAsync(DnsChallengeRecord record, CancellationToken cancellationToken);

    /// <summary>Forgets a DNS-01 TXT record once it was removed from DNS (idempotent).</summary>
    Task RemoveDnsRecordAsync(string recordName, string value, CancellationToken cancellationToken);

    /// <summary>The DNS-01 TXT records written and not yet removed whose time ran out before <paramref name="expiredBefore"/>.</summary>
    Task<IReadOnlyList<DnsChallengeRecord>> ListExpiredDnsRecordsAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken);
}
