namespace Certsmith.Panel.Pages.Tenant;

/// <summary>The site page's SSL form as typed.</summary>
/// <param name="ForceHttps">Force HTTPS usage.</param>
/// <param name="Hsts">Send the HSTS header.</param>
/// <param name="MaxAgeSeconds">The max-age typed (kept as text: it may be what was refused).</param>
/// <param name="IncludeSubDomains">includeSubDomains.</param>
/// <param name="Preload">preload.</param>
public sealed record HttpsSettings(bool ForceHttps, bool Hsts, string? MaxAgeSeconds, bool IncludeSubDomains, bool Preload);
