using Certsmith.Core.Certificates;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>"Advanced › SSL certificates": the managed certificates (a page at a time) and the custom ones.</summary>
public sealed class CertificatesModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>Managed certificates per page: a big tenant has thousands, and one page of all of them was 4.5 MiB at 10,000.</summary>
    public const int PageSize = 100;

    /// <summary>Custom certificates shown (a tenant has a handful; beyond this, the newest).</summary>
    public const int MaxCustom = 200;

    /// <summary>The page of managed certificates, from 0 (<c>?p=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] // not "page": Razor Pages routes by that name
    public int PageNumber { get; set; }

    /// <summary>How many certificates the tenant has.</summary>
    public Core.Storage.CertificateCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);

    /// <summary>Whether a next page of managed certificates exists.</summary>
    public bool HasNextPage => (PageNumber + 1) * PageSize < Counts.Managed;

    /// <summary>Certificates from the platform's CA on this page, newest first; retired ones last.</summary>
    public IReadOnlyList<CertificateRecord> Managed { get; private set; } = [];

    /// <summary>Certificates from other CAs.</summary>
    public IReadOnlyList<CertificateRecord> Custom { get; private set; } = [];

    /// <summary>For each custom certificate, the addresses it is attached to.</summary>
    public IReadOnlyDictionary<Guid, List<string>> AttachedTo { get; private set; } = new Dictionary<Guid, List<string>>();

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(0, PageNumber);
        Counts = await Services.Certificates.CountCertificatesAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Managed = await Services.Certificates.ListCertificatesPageAsync(TenantId, CertificateKind.Managed, PageNumber, PageSize, cancellationToken).ConfigureAwait(false);
        Custom = await Services.Certificates.ListCertificatesPageAsync(TenantId, CertificateKind.Custom, 0, MaxCustom, cancellationToken).ConfigureAwait(false);
        var attached = new Dictionary<Guid, List<string>>();
        foreach (var address in await Services.Sites.ListAttachedAddressesAsync(TenantId, cancellationToken).ConfigureAwait(false))
        {
            if (address.CustomCertificateId is { } id)
            {
                (attached.TryGetValue(id, out var list) ? list : attached[id] = []).Add(address.Name.Value);
            }
        }
        AttachedTo = attached;
    }
}
