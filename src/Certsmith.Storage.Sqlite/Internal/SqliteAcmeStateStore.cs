using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>ACME accounts, HTTP-01 answers and TLS-ALPN-01 certificates in SQLite, so any node answers a challenge. Thread-safe.</summary>
internal sealed class SqliteAcmeStateStore(SqliteDatabase database) : IAcmeStateStore
{
    public Task<AcmeAccountRecord?> GetAccountAsync(Uri directoryUrl, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null,
            "SELECT directory_url, account_url, protected_key, created_at FROM acme_accounts WHERE directory_url = $directory",
            r => new AcmeAccountRecord(new Uri(r.GetString(0)), new Uri(r.GetString(1)), r.GetFieldValue<byte[]>(2), r.GetTime(3)),
            cancellationToken, ("$directory", directoryUrl)), cancellationToken);

    public Task SaveAccountAsync(AcmeAccountRecord account, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            INSERT INTO acme_accounts (directory_url, account_url, protected_key, created_at) VALUES ($directory, $account, $key, $at)
            ON CONFLICT (directory_url) DO UPDATE SET account_url = excluded.account_url, protected_key = excluded.protected_key, created_at = excluded.created_at
            """, cancellationToken, ("$directory", account.DirectoryUrl), ("$account", account.AccountUrl), ("$key", account.ProtectedKey), ("$at", account.CreatedAt)),
            cancellationToken);

    public Task PutChallengeAnswerAsync(ChallengeAnswer answer, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            INSERT INTO challenge_answers (token, key_authorization, expires_at) VALUES ($token, $answer, $expires)
            ON CONFLICT (token) DO UPDATE SET key_authorization = excluded.key_authorization, expires_at = excluded.expires_at
            """, cancellationToken, ("$token", answer.Token), ("$answer", answer.KeyAuthorization), ("$expires", answer.ExpiresAt)), cancellationToken);

    public Task<ChallengeAnswer?> GetChallengeAnswerAsync(string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null,
            "SELECT token, key_authorization, expires_at FROM challenge_answers WHERE token = $token AND expires_at > $now",
            Read, cancellationToken, ("$token", token), ("$now", now)), cancellationToken);

    public Task RemoveChallengeAnswerAsync(string token, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM challenge_answers WHERE token = $token", cancellationToken, ("$token", token)), cancellationToken);

    public Task PutTlsAlpnChallengeAsync(TlsAlpnChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            INSERT INTO tls_alpn_challenges (server_name, token, certificate_pem, protected_key, expires_at) VALUES ($name, $token, $pem, $key, $expires)
            ON CONFLICT (server_name) DO UPDATE SET token = excluded.token, certificate_pem = excluded.certificate_pem,
                protected_key = excluded.protected_key, expires_at = excluded.expires_at
            """, cancellationToken, ("$name", challenge.ServerName), ("$token", challenge.Token), ("$pem", challenge.CertificatePem),
            ("$key", challenge.ProtectedKey), ("$expires", challenge.ExpiresAt)), cancellationToken);
    }

    public Task<TlsAlpnChallenge?> GetTlsAlpnChallengeAsync(string serverName, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null,
            "SELECT server_name, token, certificate_pem, protected_key, expires_at FROM tls_alpn_challenges WHERE server_name = $name AND expires_at > $now",
            r => new TlsAlpnChallenge(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetTime(4)),
            cancellationToken, ("$name", serverName), ("$now", now)), cancellationToken);

    public Task RemoveTlsAlpnChallengeAsync(string serverName, string token, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM tls_alpn_challenges WHERE server_name = $name AND token = $token",
            cancellationToken, ("$name", serverName), ("$token", token)), cancellationToken);

    public Task PutDnsRecordAsync(DnsChallengeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            INSERT INTO dns_challenge_records (record_name, value, zone, created_at, expires_at) VALUES ($name, $value, $zone, $created, $expires)
            ON CONFLICT (record_name, value) DO UPDATE SET zone = excluded.zone, expires_at = excluded.expires_at
            """, cancellationToken, ("$name", record.RecordName), ("$value", record.Value), ("$zone", record.Zone), ("$created", record.CreatedAt),
            ("$expires", record.ExpiresAt)), cancellationToken);
    }

    public Task RemoveDnsRecordAsync(string recordName, string value, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM dns_challenge_records WHERE record_name = $name AND value = $value",
            cancellationToken, ("$name", recordName), ("$value", value)), cancellationToken);

    public async Task<IReadOnlyList<DnsChallengeRecord>> ListExpiredDnsRecordsAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT record_name, value, zone, created_at, expires_at FROM dns_challenge_records WHERE expires_at < $before ORDER BY expires_at",
            r => new DnsChallengeRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTime(3), r.GetTime(4)), cancellationToken,
            ("$before", expiredBefore)), cancellationToken).ConfigureAwait(false);

    private static ChallengeAnswer Read(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetTime(2));
}
