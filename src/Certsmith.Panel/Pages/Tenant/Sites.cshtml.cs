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

    /// <summary>Sites per page (a host's big customer has thousands; one page of 5,000 was 1.4 MiB).</summary>
    public const int PageSize = 200;

    /// <summary>The page, from 0 (<c>?p=</c>; not "page": Razor Pages routes by that name).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; }

    /// <summary>How many sites the tenant has.</summary>
    public int Total { get; private set; }

    /// <summary>The sites on this page, by name.</summary>
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
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Sites are small rows: reading all and showing a page costs a few ms at 5,000; what was large was the HTML.
        var all = await Services.Sites.ListSitesAsync(TenantId, cancellationToken).ConfigureAwait(false);
        PageNumber = Math.Max(0, PageNumber);
        Total = all.Count;
        Sites = all.OrderBy(s => s.Name, StringComparer.Ordinal).Skip(PageNumber * PageSize).Take(PageSize).ToList();
    }
}
