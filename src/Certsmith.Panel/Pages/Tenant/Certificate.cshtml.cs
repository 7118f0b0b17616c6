using System.Text;
using Certsmith.Core.Certificates;
using Certsmith.Core.Events;
using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>
/// One certificate: its facts, why it failed and when it is tried again, "check again", its history; for a custom one
/// the CSR and installing the CA's answer, attaching it to addresses, and removing it. Never a private key.
/// </summary>
[RequestSizeLimit(PanelUploads.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = PanelUploads.MaxRequestBytes)]
public sealed class CertificateModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>The certificate, from the route.</summary>
    [FromRoute]
    public Guid CertificateId { get; set; }

    /// <summary>The certificate.</summary>
    public CertificateRecord Certificate { get; private set; } = null!;

    /// <summary>Its history, oldest first.</summary>
    public IReadOnlyList<PlatformEvent> Events { get; private set; } = [];

    /// <summary>The addresses it serves (assigned, or attached).</summary>
    public IReadOnlyList<SiteAddress> Addresses { get; private set; } = [];

    /// <summary>For a custom certificate: the addresses attached to it.</summary>
    public IReadOnlyList<SiteAddress> Attached { get; private set; } = [];

    /// <summary>For a custom certificate: the tenant's other addresses its names cover.</summary>
    public IReadOnlyList<SiteAddress> Attachable { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The CSR as a file.</summary>
    public async Task<IActionResult> OnGetCsrAsync(CancellationToken cancellationToken)
    {
        var csr = await Services.Custom.GetCsrAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
        return File(Encoding.ASCII.GetBytes(csr), "application/pkcs10", $"certsmith-{CertificateId:N}.csr");
    }

    /// <summary>Tries now.</summary>
    public Task<IActionResult> OnPostCheckAgainAsync(CancellationToken cancellationToken) =>
        ChangeAsync("check", [], async () =>
        {
            await Services.Certificates.CheckAgainAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
            Notice = "The platform tries again now.";
            return RedirectToPage();
        });

    /// <summary>Withdraws a wildcard request.</summary>
    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken) =>
        ChangeAsync("check", [], async () =>
        {
            await Services.Wildcards.WithdrawAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
            Notice = "Wildcard request withdrawn: its addresses get certificates of their own.";
            return RedirectToPage();
        });

    /// <summary>Installs the certificate another CA returned for the CSR.</summary>
    public Task<IActionResult> OnPostInstallAsync(IFormFile? certificateFile, string? certificateText, CancellationToken cancellationToken) =>
        ChangeAsync("install", ["certificate", "chain"], async () =>
        {
            var content = await PanelUploads.ReadAsync(certificateFile, certificateText, "certificate", "the certificate", cancellationToken).ConfigureAwait(false)
                ?? throw new Core.Platform.PlatformInputException(Core.Platform.PlatformInputError.Invalid, "certificate", "Choose the certificate file or paste it.");
            await Services.Custom.InstallAsync(TenantId, CertificateId, content, cancellationToken).ConfigureAwait(false);
            Notice = "Certificate installed: attach it to addresses below.";
            return RedirectToPage();
        });

    /// <summary>Attaches the certificate to addresses.</summary>
    public Task<IActionResult> OnPostAttachAsync(List<Guid>? addressIds, CancellationToken cancellationToken) =>
        ChangeAsync("attach", ["addressIds"], async () =>
        {
            var attached = await Services.Custom.AttachAsync(TenantId, CertificateId, addressIds ?? [], cancellationToken).ConfigureAwait(false);
            Notice = $"Attached to {string.Join(", ", attached.Select(a => a.Name.Value))}.";
            return RedirectToPage();
        });

    /// <summary>Detaches the certificate from an address (the platform's certificate is served again).</summary>
    public Task<IActionResult> OnPostDetachAsync(Guid addressId, CancellationToken cancellationToken) =>
        ChangeAsync("attach", [], async () =>
        {
            var address = await Services.Sites.GetAddressAsync(TenantId, addressId, cancellationToken).ConfigureAwait(false);
            if (address.CustomCertificateId != CertificateId)
            {
                return NoSuchPage();
            }
            await Services.Custom.DetachAsync(TenantId, addressId, cancellationToken).ConfigureAwait(false);
            Notice = $"Detached from {address.Name.Value}.";
            return RedirectToPage();
        });

    /// <summary>Removes the custom certificate and its key.</summary>
    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        ChangeAsync("remove", [], async () =>
        {
            await Services.Custom.RemoveAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
            Notice = "Certificate removed.";
            return Redirect(TenantPath("/certificates"));
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Certificate = await Services.Certificates.GetCertificateAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
        Events = await Services.Certificates.ListCertificateEventsAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
        if (Certificate.Kind == CertificateKind.Custom)
        {
            var addresses = await Services.Sites.ListTenantAddressesAsync(TenantId, cancellationToken).ConfigureAwait(false);
            Attached = addresses.Where(a => a.CustomCertificateId == CertificateId).ToList();
            Attachable = addresses.Where(a => a.CustomCertificateId != CertificateId && Certificate.Covers(a.Name)).ToList();
            Addresses = Attached;
        }
        else
        {
            Addresses = await Services.Certificates.ListAssignedAddressesAsync(TenantId, CertificateId, cancellationToken).ConfigureAwait(false);
        }
    }
}
