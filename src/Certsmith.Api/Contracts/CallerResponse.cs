namespace Certsmith.Api.Contracts;

/// <summary>Who the presented token is.</summary>
/// <param name="TokenId">The token's id.</param>
/// <param name="TokenName">The token's name.</param>
/// <param name="TenantId">The tenant it acts for, or null for a platform admin.</param>
/// <param name="IsAdmin">Whether it is a platform-admin token.</param>
public sealed record CallerResponse(Guid TokenId, string TokenName, Guid? TenantId, bool IsAdmin);
