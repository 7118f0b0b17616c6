using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>A tenant's front page: how many domains, sites and certificates, and the webhook for expiry warnings.</summary>
public sealed class OverviewModel(PanelServices services, WebhookAddresses webhooks) : TenantPageModel(services)
{
    /// <summary>The webhook URL typed.</summary>
    [BindProperty]
    public string? WebhookUrl { get; set; }

    /// <summary>How many domains.</summary>
    public int Domains { get; private set; }

    /// <summary>How many of them are not proven yet.</summary>
    public int PendingDomains { get; private set; }

    /// <summary>How many sites.</summary>
    public int Sites { get; private set; }

    /// <summary>Certificates served.</summary>
    public int Valid { get; private set; }

    /// <summary>Certificates on their way.</summary>
    public int Pending { get; private set; }

    /// <summary>Certificates whose last attempt failed.</summary>
    public int Failed { get; private set; }

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Sets or clears the webhook.</summary>
    public Task<IActionResult> OnPostWebhookAsync(CancellationToken cancellationToken) =>
        ChangeAsync("webhook", ["url"], async () =>
        {
            var url = string.IsNullOrWhiteSpace(WebhookUrl) ? null : WebhookUrl.Trim();
            await Services.Tenants.SetWebhookAsync(TenantId, url, webhooks, cancellationToken).ConfigureAwait(false);
            Notice = url is null ? "Webhook removed." : "Webhook saved.";
            return RedirectToPage();
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var domains = await Services.Domains.ListDomainsAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Domains = domains.Count;
        PendingDomains = domains.Count(d => d.State == DomainState.Pending);
        Sites = (await Services.Sites.ListSitesAsync(TenantId, cancellationToken).ConfigureAwait(false)).Count;
        var counts = await Services.Certificates.CountCertificatesAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Valid = counts.Valid;
        Pending = counts.Pending;
        Failed = counts.Failing;
    }
}
