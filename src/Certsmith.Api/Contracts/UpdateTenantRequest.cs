namespace Certsmith.Api.Contracts;

/// <summary>Changes to a tenant (platform admins only).</summary>
/// <param name="WildcardThreshold">This tenant's wildcard threshold (2–10000), or null for the platform's; applies to later additions.</param>
public sealed record UpdateTenantRequest(int? WildcardThreshold);
