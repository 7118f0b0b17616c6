namespace Certsmith.Core.Tenancy;

/// <summary>
/// A bearer token for programs. Only its SHA-256 hash is stored; the token itself is shown once, at creation.
/// A token without a tenant is a platform admin's.
/// </summary>
public sealed record ApiToken(Guid Id, Guid? TenantId, string Name, byte[] Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Whether this is a platform-admin token.</summary>
    public bool IsAdmin => TenantId is null;

    /// <summary>Whether it still opens the API.</summary>
    public bool IsActive => RevokedAt is null;
}
