namespace Certsmith.Core.Tenancy;

/// <summary>A tenant's web site: its addresses live in <see cref="SiteAddress"/>.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="TenantId">The owner.</param>
/// <param name="Name">Display name, unique within the tenant.</param>
/// <param name="Backend">Where the edge proxies the site's traffic; null serves a built-in page.</param>
/// <param name="ForceHttps">Redirect plain HTTP to HTTPS once a certificate is live.</param>
/// <param name="HstsMaxAge">Send HSTS with this max-age on HTTPS answers; null sends none.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record Site(Guid Id, Guid TenantId, string Name, Uri? Backend, bool ForceHttps, TimeSpan? HstsMaxAge, DateTimeOffset CreatedAt)
{
    /// <summary>HSTS also for every subdomain (<c>includeSubDomains</c>): only when the tenant chose it.</summary>
    public bool HstsIncludeSubDomains { get; init; }

    /// <summary>HSTS with <c>preload</c> (for browsers' built-in lists): only when the tenant chose it.</summary>
    public bool HstsPreload { get; init; }

    /// <summary>The <c>Strict-Transport-Security</c> value to send on HTTPS answers, or null for none.</summary>
    public string? HstsHeader => HstsMaxAge is { } maxAge
        ? $"max-age={(long)maxAge.TotalSeconds}{(HstsIncludeSubDomains ? "; includeSubDomains" : "")}{(HstsPreload ? "; preload" : "")}"
        : null;
}
