namespace Certsmith.Api.Contracts;

/// <summary>A new site.</summary>
/// <param name="Name">Display name, unique within the tenant.</param>
/// <param name="Backend">Where to proxy its traffic (absolute http/https URL), or null for the built-in page.</param>
public sealed record CreateSiteRequest(string? Name, string? Backend);
