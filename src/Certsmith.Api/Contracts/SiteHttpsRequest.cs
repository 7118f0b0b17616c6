namespace Certsmith.Api.Contracts;

/// <summary>A site's HTTPS settings, replaced as a whole.</summary>
/// <param name="ForceHttps">Redirect plain HTTP (308, method and body kept) to HTTPS while a valid certificate is served for the host.</param>
/// <param name="HstsMaxAgeSeconds">Send <c>Strict-Transport-Security</c> with this max-age on HTTPS answers (0 to 63072000); null sends none.</param>
/// <param name="HstsIncludeSubDomains">Add <c>includeSubDomains</c> (only when chosen).</param>
/// <param name="HstsPreload">Add <c>preload</c> (needs includeSubDomains and a max-age of at least a year).</param>
public sealed record SiteHttpsRequest(bool? ForceHttps, long? HstsMaxAgeSeconds, bool? HstsIncludeSubDomains, bool? HstsPreload);
