namespace Certsmith.Api.Contracts;

/// <summary>A new tenant.</summary>
/// <param name="Name">Display name, unique on the platform.</param>
/// <param name="WildcardThreshold">This tenant's wildcard threshold, or null for the platform's.</param>
public sealed record CreateTenantRequest(string? Name, int? WildcardThreshold);
