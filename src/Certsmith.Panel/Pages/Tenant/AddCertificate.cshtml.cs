using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>"Add a certificate": request a Let's Encrypt wildcard, or upload a certificate with its key from another CA.</summary>
[RequestSizeLimit(PanelUploads.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = PanelUploads.MaxRequestBytes)]
public sealed class AddCertificateModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>The wildcard's parent typed.</summary>
    [BindProperty]
    public string? Parent { get; set; }

    /// <summary>The error about the certificate or its chain.</summary>
    public string? CertificateError => ErrorFor("upload", "certificate") ?? ErrorFor("upload", "chain");

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Requests a wildcard.</summary>
    public Task<IActionResult> OnPostWildcardAsync(CancellationToken cancellationToken) =>
        ChangeAsync("wildcard", ["parent"], async () =>
        {
            var certificate = await Services.Wildcards.RequestAsync(TenantId, Parent, cancellationToken).ConfigureAwait(false);
            Notice = $"Wildcard {certificate.Names[0].Value} requested.";
            return Redirect(TenantPath($"/certificates/{certificate.Id}"));
        });

    /// <summary>Uploads a certificate with its key.</summary>
    public Task<IActionResult> OnPostUploadAsync(IFormFile? certificateFile, string? certificateText, IFormFile? privateKeyFile, string? privateKeyText, IFormFile? pkcs12File, string? password, CancellationToken cancellationToken) =>
        ChangeAsync("upload", ["certificate", "chain", "privateKey", "pkcs12", "password"], async () =>
        {
            var certificate = await PanelUploads.ReadAsync(certificateFile, certificateText, "certificate", "the certificate", cancellationToken).ConfigureAwait(false);
            var key = await PanelUploads.ReadAsync(privateKeyFile, privateKeyText, "privateKey", "the private key", cancellationToken).ConfigureAwait(false);
            var pkcs12 = await PanelUploads.ReadAsync(pkcs12File, null, "pkcs12", "the PKCS#12 file", cancellationToken).ConfigureAwait(false);
            var uploaded = await Services.Custom.UploadAsync(TenantId, certificate, key, pkcs12, string.IsNullOrEmpty(password) ? null : password, cancellationToken).ConfigureAwait(false);
            Notice = "Certificate uploaded: attach it to addresses below.";
            return Redirect(TenantPath($"/certificates/{uploaded.Id}"));
        });

    /// <inheritdoc />
    protected override Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
