using Certsmith.Core.Certificates.Custom;
using Certsmith.Core.Platform;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// The Core services the panel's pages call — the same the REST API calls, so the panel can do nothing the API cannot.
/// One bundle instead of five to nine constructor parameters per page. A singleton; every member is thread-safe.
/// </summary>
public sealed class PanelServices(
    TenantService tenants,
    DomainService domains,
    SiteService sites,
    CertificateService certificates,
    CustomCertificateService custom,
    WildcardService wildcards,
    UserService users,
    PlatformOptions options,
    TimeProvider time)
{
    /// <summary>Tenants, their tokens.</summary>
    public TenantService Tenants { get; } = tenants;

    /// <summary>Domains and their proof.</summary>
    public DomainService Domains { get; } = domains;

    /// <summary>Sites, addresses, force HTTPS and HSTS.</summary>
    public SiteService Sites { get; } = sites;

    /// <summary>Certificates, their events, "check again".</summary>
    public CertificateService Certificates { get; } = certificates;

    /// <summary>CSRs, installs, uploads, attachments.</summary>
    public CustomCertificateService Custom { get; } = custom;

    /// <summary>Wildcards on request.</summary>
    public WildcardService Wildcards { get; } = wildcards;

    /// <summary>People who sign in.</summary>
    public UserService Users { get; } = users;

    /// <summary>The platform's settings.</summary>
    public PlatformOptions Options { get; } = options;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; } = time;
}
