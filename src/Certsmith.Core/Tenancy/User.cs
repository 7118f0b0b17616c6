namespace Certsmith.Core.Tenancy;

/// <summary>
/// A person who signs in to the panel: a member of one tenant, or a platform admin (no tenant). Only a
/// password hash from a standard password hasher is stored (the panel issue chooses it).
/// </summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="TenantId">The tenant, or null for a platform admin.</param>
/// <param name="Email">The sign-in name, lower-case, unique on the platform.</param>
/// <param name="PasswordHash">The hasher's output; never the password.</param>
/// <param name="CreatedAt">When the user was added.</param>
/// <param name="DisabledAt">When the user was disabled, or null while the user may sign in.</param>
public sealed record User(Guid Id, Guid? TenantId, string Email, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    /// <summary>Whether this is a platform admin.</summary>
    public bool IsAdmin => TenantId is null;

    /// <inheritdoc />
    public override string ToString() => $"User {{ Id = {Id}, TenantId = {TenantId}, Email = {Email} }}";
}
