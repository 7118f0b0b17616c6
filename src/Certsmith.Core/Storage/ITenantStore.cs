using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Storage;

/// <summary>
/// Tenants and API tokens. Implementations are thread-safe and every method is atomic. Reads return null
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
}
