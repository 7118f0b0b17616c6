using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// A page of one tenant's panel, at <c>/t/{tenantId}/…</c>. A tenant's user may open only its own tenant's pages, a
/// platform admin any tenant's; anything else is a 404, exactly as if the tenant did not exist. Every page shows the
/// banner of custom certificates about to expire.
/// </summary>
public abstract class TenantPageModel(PanelServices services) : PanelPageModel
{
    /// <summary>The Core services.</summary>
    protected PanelServices Services { get; } = services;

    /// <summary>The tenant, from the route.</summary>
    [FromRoute]
    public Guid TenantId { get; set; }

    /// <summary>The tenant whose pages these are.</summary>
    public Tenant Tenant { get; private set; } = null!;

    /// <summary>The tenant's custom certificates that expire within the first warning period (the banner).</summary>
    public IReadOnlyList<CertificateRecord> Expiring { get; private set; } = [];

    /// <summary>The current moment (for "expires in N days").</summary>
    public DateTimeOffset Now => Services.Time.GetUtcNow();

    /// <inheritdoc />
    protected override async Task<bool> MayOpenAsync(CancellationToken cancellationToken)
    {
        if (!Me.MaySee(TenantId))
        {
            return false;
        }
        try
        {
            Tenant = await Services.Tenants.GetTenantAsync(TenantId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PlatformInputException e) when (e.Error == PlatformInputError.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    protected override async Task BeforeRenderingAsync(CancellationToken cancellationToken)
    {
        var warnFrom = Services.Options.CustomExpiryWarningDays.Count == 0 ? 30 : Services.Options.CustomExpiryWarningDays.Max();
        Expiring = await Services.Certificates.ListExpiringCustomAsync(TenantId, TimeSpan.FromDays(warnFrom), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path of one of this tenant's pages.</summary>
    public string TenantPath(string rest = "") => $"/t/{TenantId}{rest}";
}
