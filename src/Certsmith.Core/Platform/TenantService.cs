using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>Tenants and their API tokens. Thread-safe.</summary>
public sealed class TenantService(ICertsmithStore store, TimeProvider time)
{
    /// <summary>Every token starts with this, so secret scanners and people recognise one.</summary>
    public const string TokenPrefix = "cst_";

    private const int MaxNameLength = 100;

    /// <summary>Creates a tenant.</summary>
    public async Task<Tenant> CreateTenantAsync(string name, int? wildcardThreshold, CancellationToken cancellationToken)
    {
        name = ValidateName(name);
        if (wildcardThreshold is < 2 or > 10_000)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "wildcardThreshold", "The wildcard threshold must be between 2 and 10000.");
        }
        var tenant = new Tenant(Guid.NewGuid(), name, wildcardThreshold, time.GetUtcNow());
        try
        {
            await store.Tenants.AddTenantAsync(tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"A tenant named \"{name}\" already exists.");
        }
        return tenant;
    }

    /// <summary>Sets a tenant's own wildcard threshold (null: the platform's); applies to later additions.</summary>
    public async Task<Tenant> SetWildcardThresholdAsync(Guid id, int? wildcardThreshold, CancellationToken cancellationToken)
    {
        if (wildcardThreshold is < 2 or > 10_000)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "wildcardThreshold", "The wildcard threshold must be between 2 and 10000.");
        }
        var tenant = await GetTenantAsync(id, cancellationToken).ConfigureAwait(false);
        var updated = tenant with { WildcardThreshold = wildcardThreshold };
        await store.Tenants.UpdateTenantAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>
    /// Sets (or with null removes) the tenant's webhook for warnings: an absolute http(s) URL without credentials whose
    /// host resolves only to addresses webhooks may go to (<see cref="WebhookAddresses"/>); checked again at every send.
    /// </summary>
    public async Task<Tenant> SetWebhookAsync(Guid id, string? url, WebhookAddresses addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var webhook = url is null ? null : await addresses.ValidateAsync(url, cancellationToken).ConfigureAwait(false);
        var tenant = await GetTenantAsync(id, cancellationToken).ConfigureAwait(false);
        var updated = tenant with { WebhookUrl = webhook };
        await store.Tenants.UpdateTenantAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>The tenant, or a not-found refusal.</summary>
    public async Task<Tenant> GetTenantAsync(Guid id, CancellationToken cancellationToken) =>
        await store.Tenants.GetTenantAsync(id, cancellationToken).ConfigureAwait(false) ?? throw PlatformInputException.NotFound("tenant");

    /// <summary>
    /// Creates an API token for a tenant (or a platform admin for null) and returns it with its secret — the
    /// only time the secret exists outside the caller; the store keeps its SHA-256.
    /// </summary>
    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(Guid? tenantId, string name, CancellationToken cancellationToken)
    {
        name = ValidateName(name);
        if (tenantId is { } id)
        {
            await GetTenantAsync(id, cancellationToken).ConfigureAwait(false);
        }
        var secret = TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(Guid.NewGuid(), tenantId, name, Hash(secret), time.GetUtcNow(), null);
        await store.Tenants.AddTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return (token, secret);
    }

    /// <summary>The active token for a secret, or null (unknown, malformed or revoked).</summary>
    public async Task<ApiToken?> AuthenticateAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }
        var token = await store.Tenants.FindTokenByHashAsync(Hash(secret), cancellationToken).ConfigureAwait(false);
        return token is { IsActive: true } ? token : null;
    }

    /// <summary>Every tenant, by name.</summary>
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => store.Tenants.ListTenantsAsync(cancellationToken);

    /// <summary>A tenant's tokens (the admins' for null), newest first; hashes only, never a secret.</summary>
    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(Guid? tenantId, CancellationToken cancellationToken) => store.Tenants.ListTokensAsync(tenantId, cancellationToken);

    /// <summary>Revokes one of a tenant's tokens (an admin's for null); not-found when it is someone else's.</summary>
    public async Task<ApiToken> RevokeTokenAsync(Guid? tenantId, Guid tokenId, CancellationToken cancellationToken)
    {
        var token = (await store.Tenants.ListTokensAsync(tenantId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Id == tokenId)
            ?? throw PlatformInputException.NotFound("token");
        if (token.IsActive)
        {
            var at = time.GetUtcNow();
            await store.Tenants.RevokeTokenAsync(tokenId, at, cancellationToken).ConfigureAwait(false);
            token = token with { RevokedAt = at };
        }
        return token;
    }

    /// <summary>The SHA-256 of a token secret (a token is 256 random bits, so no slow hash is needed).</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string ValidateName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "name", "The name is empty.");
        }
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "name", $"The name must be at most {MaxNameLength} printable characters.");
        }
        return name;
    }
}
