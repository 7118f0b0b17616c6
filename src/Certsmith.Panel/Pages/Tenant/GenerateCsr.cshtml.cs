using Certsmith.Core.Certificates.Custom;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>"Generate a CSR": the key is made and kept by the platform; the tenant gets the CSR on the certificate's page.</summary>
public sealed class GenerateCsrModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>The key types offered: exactly <see cref="CustomCertificateService.KeyTypes"/>, in words ("ecdsa-p256" → "ECDSA P-256").</summary>
    public static IReadOnlyList<(string Value, string Label)> KeyTypes { get; } =
        [.. CustomCertificateService.KeyTypes.Select(k => (k, Label(k) + (k == CustomCertificateService.KeyTypes[0] ? " (recommended)" : "")))];

    /// <summary>The names, one per line.</summary>
    [BindProperty]
    public string? Names { get; set; }

    /// <summary>The key type.</summary>
    [BindProperty]
    public string? KeyType { get; set; }

    /// <summary>CN.</summary>
    [BindProperty]
    public string? CommonName { get; set; }

    /// <summary>O.</summary>
    [BindProperty]
    public string? Organization { get; set; }

    /// <summary>OU.</summary>
    [BindProperty]
    public string? OrganizationalUnit { get; set; }

    /// <summary>L.</summary>
    [BindProperty]
    public string? Locality { get; set; }

    /// <summary>ST.</summary>
    [BindProperty]
    public string? State { get; set; }

    /// <summary>C.</summary>
    [BindProperty]
    public string? Country { get; set; }

    /// <summary>The subject's e-mail.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Shows the form.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Makes the key and the CSR, and opens the waiting certificate.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync("csr", ["names", "keyType", "country", "email", "subject"], async () =>
        {
            var names = (Names ?? "").Split(['\n', '\r', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var subject = new CsrSubject(Blank(CommonName), Blank(Organization), Blank(OrganizationalUnit), Blank(Locality), Blank(State), Blank(Country), Blank(Email));
            var certificate = await Services.Custom.GenerateCsrAsync(TenantId, names, subject, KeyType, cancellationToken).ConfigureAwait(false);
            Notice = "CSR generated: send it to your CA, then install the certificate it returns.";
            return Redirect(TenantPath($"/certificates/{certificate.Id}"));
        });

    /// <inheritdoc />
    protected override Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Label(string keyType) => keyType.Split('-') switch
    {
        ["ecdsa", var curve] => $"ECDSA {curve.ToUpperInvariant().Insert(1, "-")}",
        ["rsa", var bits] => $"RSA {bits}",
        _ => keyType,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
