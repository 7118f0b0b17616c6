using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

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
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // A POST naming no handler of the page (?handler=Nope) would render a page that loaded nothing.
        if (context.HandlerMethod is null)
        {
            context.Result = NoSuchPage();
            return;
        }
        if (!Me.MaySee(TenantId))
        {
            context.Result = NoSuchPage();
            return;
        }
        try
        {
            Tenant = await Services.Tenants.GetTenantAsync(TenantId, HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (PlatformInputException e) when (e.Error == PlatformInputError.NotFound)
        {
            context.Result = NoSuchPage();
            return;
        }
        var warnFrom = Services.Options.CustomExpiryWarningDays.Count == 0 ? 30 : Services.Options.CustomExpiryWarningDays.Max();
        Expiring = await Services.Certificates.ListExpiringCustomAsync(TenantId, TimeSpan.FromDays(warnFrom), HttpContext.RequestAborted).ConfigureAwait(false);
        var executed = await next().ConfigureAwait(false);
        if (executed.Exception is PlatformInputException { Error: PlatformInputError.NotFound } && !executed.ExceptionHandled)
        {
            executed.Result = NoSuchPage();
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>The path of one of this tenant's pages.</summary>
    public string TenantPath(string rest = "") => $"/t/{TenantId}{rest}";
}
