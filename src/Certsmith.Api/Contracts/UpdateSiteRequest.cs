namespace Certsmith.Api.Contracts;

/// <summary>A change of a site's backend.</summary>
/// <param name="Backend">Where to proxy its traffic (absolute http/https URL), or null for the built-in page.</param>
public sealed record UpdateSiteRequest(string? Backend);
