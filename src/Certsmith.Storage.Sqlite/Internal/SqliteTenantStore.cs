using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>Tenants, users and API tokens in SQLite. Thread-safe: one connection per call.</summary>
internal sealed class SqliteTenantStore(SqliteDatabase database) : ITenantStore
{
    private const string TenantColumns = "id, name, wildcard_threshold, created_at, webhook_url";
    private const string TokenColumns = "id, tenant_id, name, hash, created_at, revoked_at";
    private const string NameTaken = "that tenant name is taken";
    private const string UserColumns = "id, tenant_id, email, password_hash, created_at, disabled_at, session_stamp";

    public async Task AddTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
                $"INSERT INTO tenants ({TenantColumns}) VALUES ($id, $name, $threshold, $at, $webhook)", cancellationToken,
                ("$id", tenant.Id), ("$name", tenant.Name), ("$threshold", tenant.WildcardThreshold), ("$at", tenant.CreatedAt), ("$webhook", tenant.WebhookUrl)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException(NameTaken, e);
        }
    }

    public Task<Tenant?> GetTenantAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {TenantColumns} FROM tenants WHERE id = $id", ReadTenant, cancellationToken, ("$id", id)), cancellationToken);

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {TenantColumns} FROM tenants ORDER BY name, id", ReadTenant, cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task UpdateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        int changed;
        try
        {
            changed = await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
                "UPDATE tenants SET name = $name, wildcard_threshold = $threshold, webhook_url = $webhook WHERE id = $id", cancellationToken,
                ("$id", tenant.Id), ("$name", tenant.Name), ("$threshold", tenant.WildcardThreshold), ("$webhook", tenant.WebhookUrl)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException(NameTaken, e);
        }
        if (changed == 0)
        {
            throw new InvalidOperationException($"There is no tenant {tenant.Id}.");
        }
    }

    public async Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
                $"INSERT INTO api_tokens ({TokenColumns}) VALUES ($id, $tenant, $name, $hash, $at, $revoked)", cancellationToken,
                ("$id", token.Id), ("$tenant", token.TenantId), ("$name", token.Name), ("$hash", token.Hash),
                ("$at", token.CreatedAt), ("$revoked", token.RevokedAt)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            // Says nothing about the other token: a hash collision means a duplicate id or a reused secret.
            throw new StoreConflictException("that token already exists", e);
        }
    }

    public Task<ApiToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {TokenColumns} FROM api_tokens WHERE hash = $hash", ReadToken, cancellationToken, ("$hash", hash)), cancellationToken);

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {TokenColumns} FROM api_tokens WHERE tenant_id IS $tenant ORDER BY created_at DESC, rowid DESC", ReadToken, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> RevokeTokenAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            // A second revocation keeps the first moment.
            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $at) WHERE id = $id", cancellationToken,
            ("$id", id), ("$at", at)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task AddUserAsync(User user, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
                $"INSERT INTO users ({UserColumns}) VALUES ($id, $tenant, $email, $hash, $at, $disabled, $stamp)", cancellationToken,
                ("$id", user.Id), ("$tenant", user.TenantId), ("$email", user.Email.ToLowerInvariant()), ("$hash", user.PasswordHash),
                ("$at", user.CreatedAt), ("$disabled", user.DisabledAt), ("$stamp", user.SessionStamp)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException("that e-mail address is already in use", e);
        }
    }

    public Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {UserColumns} FROM users WHERE email = $email", ReadUser, cancellationToken,
            ("$email", email.ToLowerInvariant())), cancellationToken);

    public Task<User?> GetUserAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {UserColumns} FROM users WHERE id = $id", ReadUser, cancellationToken, ("$id", id)), cancellationToken);

    public async Task<IReadOnlyList<User>> ListUsersAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {UserColumns} FROM users WHERE tenant_id IS $tenant ORDER BY email", ReadUser, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> DisableUserAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE users SET disabled_at = coalesce(disabled_at, $at) WHERE id = $id", cancellationToken,
            ("$id", id), ("$at", at)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> UpdateUserCredentialsAsync(Guid id, string passwordHash, string sessionStamp, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE users SET password_hash = $hash, session_stamp = $stamp WHERE id = $id", cancellationToken,
            ("$id", id), ("$hash", passwordHash), ("$stamp", sessionStamp)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> UpdateSessionStampAsync(Guid id, string sessionStamp, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE users SET session_stamp = $stamp WHERE id = $id", cancellationToken,
            ("$id", id), ("$stamp", sessionStamp)), cancellationToken).ConfigureAwait(false) > 0;

    private static User ReadUser(SqliteDataReader r) =>
        new(r.GetId(0), r.GetIdOrNull(1), r.GetString(2), r.GetString(3), r.GetTime(4), r.GetTimeOrNull(5)) { SessionStamp = r.GetString(6) };

    private static Tenant ReadTenant(SqliteDataReader r) =>
        new(r.GetId(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetTime(3)) { WebhookUrl = r.GetUriOrNull(4) };

    private static ApiToken ReadToken(SqliteDataReader r) =>
        new(r.GetId(0), r.GetIdOrNull(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetTime(4), r.GetTimeOrNull(5));
}
