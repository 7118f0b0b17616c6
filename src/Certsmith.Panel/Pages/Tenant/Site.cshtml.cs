using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>One site: its addresses with the certificate each uses and its state, and the SSL tab (force HTTPS, HSTS).</summary>
public sealed class SiteModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>The site, from the route.</summary>
    [FromRoute]
    public Guid SiteId { get; set; }

    /// <summary>A new address typed.</summary>
    [BindProperty]
    public string? Address { get; set; }

    /// <summary>The backend typed.</summary>
    [BindProperty]
    public string? Backend { get; set; }

    /// <summary>The site.</summary>
    public Site Site { get; private set; } = null!;

    /// <summary>The SSL settings as typed, when the platform refused them (shown again instead of the stored ones).</summary>
    public HttpsSettings? Typed { get; private set; }

    /// <summary>Each address with the certificate it uses (an attached custom one first, else the platform's).</summary>
    public IReadOnlyList<AddressRow> Rows { get; private set; } = [];

    /// <summary>The addresses for which no valid certificate is served yet (force HTTPS waits for them).</summary>
    public IReadOnlyList<string> NotLive { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Adds an address; its certificate is on its way at once.</summary>
    public Task<IActionResult> OnPostAddAddressAsync(CancellationToken cancellationToken) =>
        ChangeAsync("address", ["name"], async () =>
        {
            var address = await Services.Sites.AddAddressAsync(TenantId, SiteId, Address ?? "", cancellationToken).ConfigureAwait(false);
            Notice = $"{address.Name.Value} added: its certificate is on its way.";
            return RedirectToPage();
        });

    /// <summary>Removes an address.</summary>
    public Task<IActionResult> OnPostRemoveAddressAsync(Guid addressId, CancellationToken cancellationToken) =>
        ChangeAsync("address", [], async () =>
        {
            var address = await Services.Sites.GetAddressAsync(TenantId, addressId, cancellationToken).ConfigureAwait(false);
            if (address.SiteId != SiteId)
            {
                return NoSuchPage();
            }
            await Services.Sites.RemoveAddressAsync(TenantId, addressId, cancellationToken).ConfigureAwait(false);
            Notice = $"{address.Name.Value} removed.";
            return RedirectToPage();
        });

    /// <summary>Saves force HTTPS and HSTS.</summary>
    public Task<IActionResult> OnPostHttpsAsync(bool forceHttps, bool hsts, string? hstsMaxAgeSeconds, bool includeSubDomains, bool preload, CancellationToken cancellationToken) =>
        ChangeAsync("https", ["hstsMaxAgeSeconds", "hstsPreload"], async () =>
        {
            Typed = new HttpsSettings(forceHttps, hsts, hstsMaxAgeSeconds, includeSubDomains, preload);
            long? maxAge = null;
            if (hsts)
            {
                maxAge = long.TryParse(hstsMaxAgeSeconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new Core.Platform.PlatformInputException(Core.Platform.PlatformInputError.Invalid, "hstsMaxAgeSeconds", "The max-age is a whole number of seconds.");
            }
            await Services.Sites.SetHttpsAsync(TenantId, SiteId, forceHttps, maxAge, hsts && includeSubDomains, hsts && preload, cancellationToken).ConfigureAwait(false);
            Notice = "SSL settings saved.";
            return RedirectToPage();
        });

    /// <summary>Saves the backend.</summary>
    public Task<IActionResult> OnPostBackendAsync(CancellationToken cancellationToken) =>
        ChangeAsync("backend", ["backend"], async () =>
        {
            await Services.Sites.SetBackendAsync(TenantId, SiteId, string.IsNullOrWhiteSpace(Backend) ? null : Backend, cancellationToken).ConfigureAwait(false);
            Notice = "Backend saved.";
            return RedirectToPage();
        });

    /// <summary>Deletes the site and its addresses.</summary>
    public Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken) =>
        ChangeAsync("backend", [], async () =>
        {
            await Services.Sites.RemoveSiteAsync(TenantId, SiteId, cancellationToken).ConfigureAwait(false);
            Notice = "Site deleted.";
            return Redirect(TenantPath("/sites"));
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Site = await Services.Sites.GetSiteAsync(TenantId, SiteId, cancellationToken).ConfigureAwait(false);
        var addresses = await Services.Sites.ListAddressesAsync(TenantId, SiteId, cancellationToken).ConfigureAwait(false);
        var managed = await Services.Certificates.GetAssignedCertificatesAsync(TenantId, addresses.Select(a => a.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var rows = new List<AddressRow>(addresses.Count);
        var now = Now;
        for (var i = 0; i < addresses.Count; i++)
        {
            var custom = addresses[i].CustomCertificateId is { } customId
                ? await Services.Certificates.GetCertificateAsync(TenantId, customId, cancellationToken).ConfigureAwait(false)
                : null;
            // The edge serves an attached custom certificate while it is valid, else the assigned one, else any other
            // valid one of the tenant that covers the name (DESIGN.md serving rules 1-3).
            var inUse = custom is not null && custom.IsServable(now) ? custom : managed[i] ?? custom;
            if (inUse is null || !inUse.IsServable(now))
            {
                inUse = await Services.Certificates.FindCoveringAsync(TenantId, addresses[i].Name, cancellationToken).ConfigureAwait(false) ?? inUse;
            }
            rows.Add(new AddressRow(addresses[i], inUse));
        }
        Rows = rows;
        NotLive = rows.Where(r => r.InUse is null || !r.InUse.IsServable(now)).Select(r => r.Address.Name.Value).ToList();
    }

}
