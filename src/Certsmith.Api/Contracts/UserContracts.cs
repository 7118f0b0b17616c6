namespace Certsmith.Api.Contracts;

/// <summary>A new person who signs in to the panel.</summary>
/// <param name="Email">Their e-mail address (their sign-in name).</param>
/// <param name="Password">At least 12 characters; stored only as a salted hash.</param>
public sealed record CreateUserRequest(string? Email, string? Password);

/// <summary>A user (never the password or its hash).</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="TenantId">Their tenant, or null for a platform admin.</param>
/// <param name="Email">Their e-mail address.</param>
/// <param name="CreatedAt">When the account was made.</param>
/// <param name="DisabledAt">When it was disabled, or null.</param>
public sealed record UserResponse(Guid Id, Guid? TenantId, string Email, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);

/// <summary>A user's new password, set by their tenant or a platform admin; every panel session of the user ends.</summary>
/// <param name="Password">At least 12 characters; stored only as a salted hash.</param>
public sealed record SetPasswordRequest(string? Password);
