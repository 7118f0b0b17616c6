using System.Text.Json;
using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Certificates in SQLite (assignments and orders are in the other parts of this class). Every change to a
/// certificate or an assignment bumps the change stamp in its own transaction. Thread-safe: one
/// connection per call.
/// </summary>
internal sealed partial class SqliteCertificateStore(SqliteDatabase database) : ICertificateStore
{
    private const string Columns = """
        id, tenant_id, kind, names, state, chain_pem, protected_key, not_before, not_after, issuer, serial_number,
        ari_certificate_id, last_error, next_attempt_at, failure_count, created_at, updated_at, version, renew_at, ari_next_poll_at,
        requested, unobtainable, csr_pem, expiry_warned_days
        """;

    public async Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(async (c, t) =>
            {
                await Sql.ExecuteAsync(c, t, $"""
                    INSERT INTO certificates ({Columns}) VALUES ($id, $tenant, $kind, $names, $state, $chain, $key, $notBefore, $notAfter,
                        $issuer, $serial, $ari, $error, $next, $failures, $created, $updated, 1, $renewAt, $ariPoll, $requested, $unobtainable, $csr, $warned)
                    """, cancellationToken, Parameters(certificate)).ConfigureAwait(false);
                foreach (var name in certificate.Names.Select(n => n.Value).Distinct())
                {
                    await Sql.ExecuteAsync(c, t, "INSERT INTO certificate_names (certificate_id, tenant_id, name) VALUES ($id, $tenant, $name)", cancellationToken,
                        ("$id", certificate.Id), ("$tenant", certificate.TenantId), ("$name", name)).ConfigureAwait(false);
                }
                return await ChangeLog.RecordAsync(c, t, ChangeLog.Certificate, cancellationToken, certificate.Id).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException("that certificate already exists", e);
        }
    }

    public Task<CertificateRecord?> GetCertificateAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {Columns} FROM certificates WHERE id = $id", Read, cancellationToken, ("$id", id)), cancellationToken);

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {Columns} FROM certificates WHERE $tenant IS NULL OR tenant_id = $tenant ORDER BY created_at, id", Read, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    // A scan of the certificates: an admin's occasional view, not worth an index every write must keep.
    public async Task<IReadOnlyList<CertificateRecord>> ListFailingCertificatesAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {Columns} FROM certificates
            WHERE kind = $managed AND state <> $retired AND (state = $failed OR last_error IS NOT NULL)
            ORDER BY next_attempt_at IS NULL, next_attempt_at, id
            """, Read, cancellationToken, ("$managed", CertificateKind.Managed), ("$retired", CertificateState.Retired), ("$failed", CertificateState.Failed)), cancellationToken).ConfigureAwait(false);

    public Task<CertificateRecord> UpdateCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            // Optimistic: only against the version the caller read. The owner and creation time never change.
            var changed = await Sql.ExecuteAsync(c, t, """
                UPDATE certificates SET kind = $kind, names = $names, state = $state, chain_pem = $chain, protected_key = $key,
                    not_before = $notBefore, not_after = $notAfter, issuer = $issuer, serial_number = $serial, ari_certificate_id = $ari,
                    last_error = $error, next_attempt_at = $next, failure_count = $failures, updated_at = $updated, version = version + 1,
                    renew_at = $renewAt, ari_next_poll_at = $ariPoll, requested = $requested, unobtainable = $unobtainable, csr_pem = $csr, expiry_warned_days = $warned
                WHERE id = $id AND version = $version AND tenant_id = $tenant
                """, cancellationToken, [.. Parameters(certificate), ("$version", certificate.Version)]).ConfigureAwait(false);
            if (changed == 0)
            {
                throw new StoreConflictException("the certificate was changed meanwhile; read it again");
            }
            await ChangeLog.RecordAsync(c, t, ChangeLog.Certificate, cancellationToken, certificate.Id).ConfigureAwait(false);
            var stored = await Sql.QuerySingleAsync(c, t, $"SELECT {Columns} FROM certificates WHERE id = $id", Read, cancellationToken, ("$id", certificate.Id)).ConfigureAwait(false);
            return stored!;
        }, cancellationToken);

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesPageAsync(Guid tenantId, CertificateKind kind, int offset, int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {Columns} FROM certificates WHERE id IN (
                -- The page's ids from the narrow index (0014); only the 100 rows themselves are read whole.
                SELECT id FROM certificates WHERE tenant_id = $tenant AND kind = $kind
                ORDER BY state = $retired, created_at DESC, id LIMIT $limit OFFSET $offset)
            ORDER BY state = $retired, created_at DESC, id
            """, Read, cancellationToken, ("$tenant", tenantId), ("$kind", kind), ("$retired", CertificateState.Retired),
            ("$limit", Math.Max(0, limit)), ("$offset", Math.Max(0, offset))), cancellationToken).ConfigureAwait(false);

    public Task<CertificateCounts> CountCertificatesAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await Sql.QuerySingleAsync(c, null, """
            SELECT COUNT(*) FILTER (WHERE kind = $managed AND state <> $retired),
                   COUNT(*) FILTER (WHERE kind = $custom AND state <> $retired),
                   COUNT(*) FILTER (WHERE state = $valid AND not_after > $now),
                   COUNT(*) FILTER (WHERE state = $pending),
                   COUNT(*) FILTER (WHERE kind = $managed AND state <> $retired AND (state = $failed OR last_error IS NOT NULL))
            FROM certificates WHERE tenant_id = $tenant
            """, r => new CertificateCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)), cancellationToken,
            ("$tenant", tenantId), ("$now", now), ("$managed", CertificateKind.Managed), ("$custom", CertificateKind.Custom), ("$retired", CertificateState.Retired),
            ("$valid", CertificateState.Valid), ("$pending", CertificateState.Pending), ("$failed", CertificateState.Failed)).ConfigureAwait(false))!, cancellationToken);

    public async Task<IReadOnlyList<CertificateRecord>> ListCustomCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {Columns} FROM certificates
            WHERE kind = $custom AND state <> $retired AND ($tenant IS NULL OR tenant_id = $tenant)
            ORDER BY created_at, id
            """, Read, cancellationToken, ("$custom", CertificateKind.Custom), ("$retired", CertificateState.Retired), ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CertificateRecord>> ListCoveringCertificatesAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {Columns} FROM certificates WHERE id IN
                (SELECT certificate_id FROM certificate_names WHERE tenant_id = $tenant AND (name = $name OR name = $wildcard))
            ORDER BY created_at, id
            """, Read, cancellationToken, ("$tenant", tenantId), ("$name", name.Value), ("$wildcard", name.WildcardOfParent?.Value)), cancellationToken).ConfigureAwait(false);

    public Task<long> GetChangeStampAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(c => Counters.ReadAsync(c, Counters.ChangeStamp, cancellationToken), cancellationToken);

    public Task<StoreChanges?> GetChangesSinceAsync(long sinceStamp, CancellationToken cancellationToken) =>
        ChangeLog.ReadSinceAsync(database, sinceStamp, cancellationToken);

    private static (string, object?)[] Parameters(CertificateRecord r) =>
    [
        ("$id", r.Id), ("$tenant", r.TenantId), ("$kind", r.Kind), ("$names", JsonSerializer.Serialize(r.Names.Select(n => n.Value).ToArray())),
        ("$state", r.State), ("$chain", r.ChainPem), ("$key", r.ProtectedKey), ("$notBefore", r.NotBefore), ("$notAfter", r.NotAfter),
        ("$issuer", r.Issuer), ("$serial", r.SerialNumber), ("$ari", r.AriCertificateId), ("$error", r.LastError),
        ("$next", r.NextAttemptAt), ("$failures", r.FailureCount), ("$created", r.CreatedAt), ("$updated", r.UpdatedAt),
        ("$renewAt", r.RenewAt), ("$ariPoll", r.AriNextPollAt), ("$requested", r.Requested), ("$unobtainable", r.Unobtainable), ("$csr", r.CsrPem), ("$warned", r.ExpiryWarnedDays),
    ];

    private static CertificateRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetId(0),
        TenantId = r.GetId(1),
        Kind = r.GetEnum<CertificateKind>(2),
        Names = ReadNames(r.GetString(3)),
        State = r.GetEnum<CertificateState>(4),
        ChainPem = r.GetStringOrNull(5),
        ProtectedKey = r.GetBytesOrNull(6),
        NotBefore = r.GetTimeOrNull(7),
        NotAfter = r.GetTimeOrNull(8),
        Issuer = r.GetStringOrNull(9),
        SerialNumber = r.GetStringOrNull(10),
        AriCertificateId = r.GetStringOrNull(11),
        LastError = r.GetStringOrNull(12),
        NextAttemptAt = r.GetTimeOrNull(13),
        FailureCount = r.GetInt32(14),
        CreatedAt = r.GetTime(15),
        UpdatedAt = r.GetTime(16),
        Version = r.GetInt64(17),
        RenewAt = r.GetTimeOrNull(18),
        AriNextPollAt = r.GetTimeOrNull(19),
        Requested = r.GetBoolean(20),
        Unobtainable = r.GetBoolean(21),
        CsrPem = r.GetStringOrNull(22),
        ExpiryWarnedDays = r.IsDBNull(23) ? null : r.GetInt32(23),
    };

    private static DnsName[] ReadNames(string json) =>
        [.. (JsonSerializer.Deserialize<string[]>(json) ?? []).Select(Sql.StoredName)];
}
