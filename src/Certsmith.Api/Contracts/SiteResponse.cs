namespace Certsmith.Api.Contracts;

/// <summary>A site.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="Backend">Where its traffic is proxied, or null for the built-in page.</param>
/// <param name="ForceHttps">Whether plain HTTP is redirected to HTTPS.</param>
/// <param name="HstsMaxAgeSeconds">The HSTS max-age sent, or null for none.</param>
/// <param name="HstsIncludeSubDomains">Whether HSTS carries includeSubDomains.</param>
/// <param name="HstsPreload">Whether HSTS carries preload.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record SiteResponse(Guid Id, string Name, string? Backend, bool ForceHttps, long? HstsMaxAgeSeconds, bool HstsIncludeSubDomains, bool HstsPreload, DateTimeOffset CreatedAt);
