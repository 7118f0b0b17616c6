namespace Certsmith.Api.Contracts;

/// <summary>A token just created, with its secret: the only time the secret is shown.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="TenantId">Its tenant, or null for a platform admin.</param>
/// <param name="Name">What it is for.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Secret">The bearer token; store it now, it cannot be shown again.</param>
public sealed record CreatedTokenResponse(Guid Id, Guid? TenantId, string Name, DateTimeOffset CreatedAt, string Secret);
