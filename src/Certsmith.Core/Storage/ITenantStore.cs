using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Storage;

/// <summary>
/// Tenants, their users and API tokens. Implementations are thread-safe and every method is atomic. Reads return null
/// for what does not exist; they never throw for it.
/// </summary>
public interface ITenantStore
{
    /// <summary>Adds a tenant; a name already taken throws <see cref="StoreConflictException"/>.</summary>
    Task AddTenantAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>The tenant, or null.</summary>
    Task<Tenant?> GetTenantAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every tenant, by name.</summary>
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a tenant's settings (name, threshold).</summary>
    Task UpdateTenantAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>Stores a token (its hash only).</summary>
    Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken);

    /// <summary>The token with this SHA-256 hash, revoked or not, or null.</summary>
    Task<ApiToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>A tenant's tokens (or the admins' for null), newest first.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Marks a token revoked; false when there is no such token.</summary>
    Task<bool> RevokeTokenAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds a user; an e-mail address already used (compared lower-case) throws <see cref="StoreConflictException"/>.</summary>
    Task AddUserAsync(User user, CancellationToken cancellationToken);

    /// <summary>The user with this e-mail address (compared lower-case), disabled or not, or null.</summary>
    Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>The user with this id, disabled or not, or null.</summary>
    Task<User?> GetUserAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's users (or the platform admins for null), by e-mail address.</summary>
    Task<IReadOnlyList<User>> ListUsersAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Marks a user disabled; false when there is no such user.</summary>
    Task<bool> DisableUserAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a user's password hash and session stamp in one step (a new password ends the sessions made with the
    /// old one); false when there is no such user.
    /// </summary>
    Task<bool> UpdateUserCredentialsAsync(Guid id, string passwordHash, string sessionStamp, CancellationToken cancellationToken);

    /// <summary>Replaces a user's session stamp, ending every session that carries the old one; false when there is no such user.</summary>
    Task<bool> UpdateSessionStampAsync(Guid id, string sessionStamp, CancellationToken cancellationToken);
}
