namespace Certsmith.Api.Contracts;

/// <summary>An API token, without its secret.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="TenantId">Its tenant, or null for a platform admin.</param>
/// <param name="Name">What it is for.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or null while it works.</param>
public sealed record TokenResponse(Guid Id, Guid? TenantId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
