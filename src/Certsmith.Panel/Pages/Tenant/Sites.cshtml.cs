using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>The tenant's sites, and adding one.</summary>
public sealed class SitesModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>The new site's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The new site's backend URL.</summary>
    [BindProperty]
    public string? Backend { get; set; }

    /// <summary>The tenant's sites.</summary>
    public IReadOnlyList<Site> Sites { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Creates a site and opens it.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync("create", ["name", "backend"], async () =>
        {
            var site = await Services.Sites.CreateSiteAsync(TenantId, Name ?? "", string.IsNullOrWhiteSpace(Backend) ? null : Backend, cancellationToken).ConfigureAwait(false);
            Notice = $"Site {site.Name} created: add its addresses.";
            return Redirect(TenantPath($"/sites/{site.Id}"));
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Sites = await Services.Sites.ListSitesAsync(TenantId, cancellationToken).ConfigureAwait(false);
}
