using Certsmith.Core.Issuance;
using Certsmith.Core.Budgets;

namespace Certsmith.Host.Configuration;

/// <summary>
/// Section "Acme:RateLimits": the CA's limits the budgets mirror. Let's Encrypt's numbers apply when the CA is
/// Let's Encrypt (production or staging) unless configured; any other CA, the local Pebble included, has none
/// unless <see cref="Enabled"/> is set (DESIGN.md: a CA's limits are part of its configuration).
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>True or false forces budgets on or off; unset: on for Let's Encrypt only.</summary>
    public bool? Enabled { get; set; }

    /// <summary>New orders per account in any 3 hours.</summary>
    public int OrdersPerAccountPer3Hours { get; set; } = LetsEncryptLimits.OrdersPerAccount;

    /// <summary>New certificates per registered domain in any 7 days.</summary>
    public int CertificatesPerRegisteredDomainPer7Days { get; set; } = LetsEncryptLimits.CertificatesPerRegisteredDomain;

    /// <summary>Certificates per exact set of names in any 7 days.</summary>
    public int CertificatesPerExactSetPer7Days { get; set; } = LetsEncryptLimits.CertificatesPerExactSet;

    /// <summary>Failed authorizations per name in any hour.</summary>
    public int FailedAuthorizationsPerNamePerHour { get; set; } = LetsEncryptLimits.FailedAuthorizationsPerName;

    /// <summary>The share of a limit urgent renewals count toward that only they may use.</summary>
    public double UrgentReserveShare { get; set; } = LetsEncryptLimits.UrgentReserveShare;

    /// <summary>Whether a directory is one of Let's Encrypt's.</summary>
    public static bool IsLetsEncrypt(Uri directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return string.Equals(directory.Host, AcmeCaOptions.LetsEncryptProduction.Host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(directory.Host, AcmeCaOptions.LetsEncryptStaging.Host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The limits for the CA at <paramref name="directory"/>, or null when it has none.</summary>
    public RateLimitOptions? ToOptions(Uri directory) =>
        Enabled ?? IsLetsEncrypt(directory) ? Build(directory) : null;

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate() => Build(new Uri("https://ca.invalid/directory")).Validate();

    private RateLimitOptions Build(Uri directory) => new()
    {
        Ca = directory,
        OrdersPerAccount = new(OrdersPerAccountPer3Hours, LetsEncryptLimits.OrdersPerAccountWindow),
        CertificatesPerRegisteredDomain = new(CertificatesPerRegisteredDomainPer7Days, LetsEncryptLimits.CertificatesPerRegisteredDomainWindow),
        CertificatesPerExactSet = new(CertificatesPerExactSetPer7Days, LetsEncryptLimits.CertificatesPerExactSetWindow),
        FailedAuthorizationsPerName = new(FailedAuthorizationsPerNamePerHour, LetsEncryptLimits.FailedAuthorizationsPerNameWindow),
        UrgentReserveShare = UrgentReserveShare,
    };
}
