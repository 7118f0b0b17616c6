namespace Certsmith.Core.Budgets;

/// <summary>
/// Let's Encrypt's published limits (https://letsencrypt.org/docs/rate-limits/, as of 2025), the defaults of
/// <see cref="RateLimitOptions"/>. Let's Encrypt refills them gradually (a GCRA token bucket); we count them as
/// sliding windows of the same size, which never allows more than its bucket does (see <see cref="RateLimitBudget"/>).
/// </summary>
public static class LetsEncryptLimits
{
    /// <summary>"New Orders per Account": 300 per 3 hours (refills one every 36 s).</summary>
    public const int OrdersPerAccount = 300;

    /// <summary>The window of <see cref="OrdersPerAccount"/>.</summary>
    public static readonly TimeSpan OrdersPerAccountWindow = TimeSpan.FromHours(3);

    /// <summary>"New Certificates per Registered Domain": 50 per 7 days (refills one every 202 minutes).</summary>
    public const int CertificatesPerRegisteredDomain = 50;

    /// <summary>The window of <see cref="CertificatesPerRegisteredDomain"/>.</summary>
    public static readonly TimeSpan CertificatesPerRegisteredDomainWindow = TimeSpan.FromDays(7);

    /// <summary>"New Certificates per Exact Set of Identifiers": 5 per 7 days (refills one every 34 hours).</summary>
    public const int CertificatesPerExactSet = 5;

    /// <summary>The window of <see cref="CertificatesPerExactSet"/>.</summary>
    public static readonly TimeSpan CertificatesPerExactSetWindow = TimeSpan.FromDays(7);

    /// <summary>"Authorization Failures per Identifier per Account": 5 per hour (refills one every 12 minutes).</summary>
    public const int FailedAuthorizationsPerName = 5;

    /// <summary>The window of <see cref="FailedAuthorizationsPerName"/>.</summary>
    public static readonly TimeSpan FailedAuthorizationsPerNameWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// The share of each limit that urgent renewals count toward kept for them alone: a tenth, at least one
    /// certificate. Small, because new names are the platform's everyday work; non-zero, because a renewal that
    /// misses its slot loses a site's HTTPS while a new name only waits a little longer.
    /// </summary>
    public const double UrgentReserveShare = 0.1;
}
