using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Domains in SQLite, with DESIGN.md's "Holding a domain" rule checked in the same <c>BEGIN IMMEDIATE</c>
/// transaction as the write, so two nodes cannot both take a name. "Unproven domains block no one": only
/// another tenant's proven domain makes a name unavailable, and proving a domain re-checks the rule, so
/// at most one tenant ever holds a proven name at, above or below another.
/// </summary>
internal sealed class SqliteDomainStore(SqliteDatabase database) : IDomainStore
{
    /// <summary>The one refusal a tenant sees; it never names who holds the name.</summary>
    public const string NotAvailable = "that name is not available";

    private const string Columns = "id, tenant_id, name, kind, state, verification_token, created_at, checked_at, check_error";
    private const string DelegationColumns = "id, tenant_id, parent, target, verified, checked_at, check_error, created_at";

    // A proven domain of another tenant equal to $name, below it, or above it. The leading dot in the
    // suffix test keeps "ample.org" from matching "example.org".
    private const string ConflictQuery = """
        SELECT EXISTS (SELECT 1 FROM domains
        WHERE tenant_id <> $tenant AND state = $proven
          AND (name = $name
               OR substr(name, -length($name) - 1) = '.' || $name
               OR substr($name, -length(name) - 1) = '.' || name))
        """;

    public async Task AddDomainAsync(Domain domain, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(async (c, t) =>
            {
                await ThrowIfHeldByAnotherAsync(c, t, domain.TenantId, domain.Name, cancellationToken).ConfigureAwait(false);
                return await Sql.ExecuteAsync(c, t,
                    $"INSERT INTO domains ({Columns}) VALUES ($id, $tenant, $name, $kind, $state, $token, $at, $checked, $error)", cancellationToken,
                    ("$id", domain.Id), ("$tenant", domain.TenantId), ("$name", domain.Name), ("$kind", domain.Kind),
                    ("$state", domain.State), ("$token", domain.VerificationToken), ("$at", domain.CreatedAt),
                    ("$checked", domain.CheckedAt), ("$error", domain.CheckError)).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException(NotAvailable, e);
        }
    }

    public Task<Domain?> GetDomainAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {Columns} FROM domains WHERE id = $id", Read, cancellationToken, ("$id", id)), cancellationToken);

    public async Task<IReadOnlyList<Domain>> ListDomainsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM domains WHERE tenant_id = $tenant ORDER BY name", Read, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public Task<bool> SetDomainStateAsync(Guid id, DomainState state, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var domain = await Sql.QuerySingleAsync(c, t, $"SELECT {Columns} FROM domains WHERE id = $id", Read, cancellationToken, ("$id", id)).ConfigureAwait(false);
            if (domain is null)
            {
                return false;
            }
            if (state == DomainState.Proven)
            {
                await ThrowIfHeldByAnotherAsync(c, t, domain.TenantId, domain.Name, cancellationToken).ConfigureAwait(false);
            }
            await Sql.ExecuteAsync(c, t, "UPDATE domains SET state = $state WHERE id = $id", cancellationToken, ("$id", id), ("$state", state)).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public async Task<bool> RecordDomainCheckAsync(Guid id, DateTimeOffset checkedAt, string? error, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "UPDATE domains SET checked_at = $at, check_error = $error WHERE id = $id", cancellationToken,
            ("$id", id), ("$at", checkedAt), ("$error", error)), cancellationToken).ConfigureAwait(false) > 0;

    public Task SaveDelegationAsync(ChallengeDelegation delegation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        return database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, $"""
            INSERT INTO challenge_delegations ({DelegationColumns}) VALUES ($id, $tenant, $parent, $target, $verified, $checked, $error, $created)
            ON CONFLICT (id) DO UPDATE SET target = excluded.target, verified = excluded.verified, checked_at = excluded.checked_at, check_error = excluded.check_error
            """, cancellationToken, ("$id", delegation.Id), ("$tenant", delegation.TenantId), ("$parent", delegation.Parent), ("$target", delegation.Target),
            ("$verified", delegation.Verified), ("$checked", delegation.CheckedAt), ("$error", delegation.CheckError), ("$created", delegation.CreatedAt)), cancellationToken);
    }

    public Task<ChallengeDelegation?> GetDelegationAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {DelegationColumns} FROM challenge_delegations WHERE tenant_id = $tenant AND parent = $parent",
            ReadDelegation, cancellationToken, ("$tenant", tenantId), ("$parent", parent)), cancellationToken);

    public async Task<IReadOnlyList<ChallengeDelegation>> ListDelegationsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {DelegationColumns} FROM challenge_delegations WHERE tenant_id = $tenant ORDER BY parent",
            ReadDelegation, cancellationToken, ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> RemoveDelegationAsync(Guid id, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM challenge_delegations WHERE id = $id", cancellationToken, ("$id", id)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> RemoveDomainAsync(Guid id, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM domains WHERE id = $id", cancellationToken, ("$id", id)), cancellationToken).ConfigureAwait(false) > 0;

    public Task<Domain?> FindHoldingDomainAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"""
            SELECT {Columns} FROM domains
            WHERE tenant_id = $tenant AND (name = $name OR substr($name, -length(name) - 1) = '.' || name)
            ORDER BY length(name) DESC LIMIT 1
            """, Read, cancellationToken, ("$tenant", tenantId), ("$name", name)), cancellationToken);

    private static async Task ThrowIfHeldByAnotherAsync(SqliteConnection connection, SqliteTransaction transaction, Guid tenantId, DnsName name, CancellationToken cancellationToken)
    {
        var held = await Sql.ScalarAsync(connection, transaction, ConflictQuery, cancellationToken,
            ("$tenant", tenantId), ("$name", name), ("$proven", DomainState.Proven)).ConfigureAwait(false);
        if (held is long and not 0)
        {
            throw new StoreConflictException(NotAvailable);
        }
    }

    private static Domain Read(SqliteDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetDnsName(2), r.GetEnum<DomainKind>(3), r.GetEnum<DomainState>(4), r.GetString(5), r.GetTime(6), r.GetTimeOrNull(7), r.GetStringOrNull(8));

    private static ChallengeDelegation ReadDelegation(SqliteDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetDnsName(2), r.GetString(3), r.GetBoolean(4), r.GetTimeOrNull(5), r.GetStringOrNull(6), r.GetTime(7));
}
