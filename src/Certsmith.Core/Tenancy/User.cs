using System.Security.Cryptography;

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
    /// <summary>
    /// A random value every panel session of this user carries; replacing it ends them all (a new password, "sign out
    /// everywhere", a password set by an admin). Fresh for every new user, so no two users and no default share one.
    /// Never shown or logged.
    /// </summary>
    public string SessionStamp { get; init; } = NewSessionStamp();

    /// <summary>Whether this is a platform admin.</summary>
    public bool IsAdmin => TenantId is null;

    /// <summary>A new session stamp: 128 random bits, hex (unguessable; its only use is to differ from the last one).</summary>
    public static string NewSessionStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <inheritdoc />
    public override string ToString() => $"User {{ Id = {Id}, TenantId = {TenantId}, Email = {Email} }}";
}
