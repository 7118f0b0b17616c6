using Certsmith.Core.Certificates;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>"Advanced › SSL certificates": the managed certificates and the custom ones.</summary>
public sealed class CertificatesModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>Certificates from the platform's CA, newest first; retired ones last.</summary>
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
        var all = await Services.Certificates.ListCertificatesAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Managed = all.Where(c => c.Kind == CertificateKind.Managed).OrderBy(c => c.State == CertificateState.Retired).ThenByDescending(c => c.CreatedAt).ToList();
        Custom = all.Where(c => c.Kind == CertificateKind.Custom).OrderBy(c => c.State == CertificateState.Retired).ThenByDescending(c => c.CreatedAt).ToList();
        var attached = new Dictionary<Guid, List<string>>();
        foreach (var address in await Services.Sites.ListTenantAddressesAsync(TenantId, cancellationToken).ConfigureAwait(false))
        {
            if (address.CustomCertificateId is { } id)
            {
                (attached.TryGetValue(id, out var list) ? list : attached[id] = []).Add(address.Name.Value);
            }
        }
        AttachedTo = attached;
    }
}
