using Certsmith.Acme.Resources;
using Certsmith.Core.Certificates;

namespace Certsmith.Core.Renewal;

/// <summary>
/// When a certificate is renewed (DESIGN.md, "Renewal"): at a random moment in the CA's ARI window when the CA
/// serves one (RFC 9773 §4.2), else at two thirds of its lifetime — half for lifetimes under 10 days — moved
/// earlier by up to <see cref="MaxJitterFraction"/> of the lifetime so that a day's issuance does not renew
/// in one burst. Thread-safe when its random source is.
/// </summary>
public sealed class RenewalPlanner(Random random)
{
    /// <summary>Let's Encrypt's advice: renew 90-day certificates after 60 days.</summary>
    public const double RenewalFraction = 2.0 / 3.0;

    /// <summary>Short-lived certificates (under <see cref="ShortLifetime"/>) renew at half their lifetime, leaving room for retries.</summary>
    public const double ShortLivedRenewalFraction = 0.5;

    /// <summary>Where "short-lived" starts (Let's Encrypt's six-day profile is short-lived).</summary>
    public static readonly TimeSpan ShortLifetime = TimeSpan.FromDays(10);

    /// <summary>Jitter: up to 1/30 of the lifetime earlier (3 days of a 90-day certificate), never later.</summary>
    public const double MaxJitterFraction = 1.0 / 30.0;

    /// <summary>A renewal with under a sixth of the lifetime left is urgent: it goes before new names.</summary>
    public const double UrgentFraction = 1.0 / 6.0;

    private readonly object _gate = new();

    /// <summary>The renewal moment without ARI.</summary>
    public DateTimeOffset FromLifetime(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var lifetime = notAfter - notBefore;
        var fraction = lifetime < ShortLifetime ? ShortLivedRenewalFraction : RenewalFraction;
        double jitter;
        lock (_gate)
        {
            jitter = random.NextDouble() * MaxJitterFraction;
        }
        return notBefore + lifetime * (fraction - jitter);
    }

    /// <summary>The renewal moment inside the CA's suggested window.</summary>
    public DateTimeOffset FromWindow(RenewalInfo info, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_gate)
        {
            return info.ChooseRenewalTime(now, random);
        }
    }

    /// <summary>Whether a certificate's renewal is urgent at <paramref name="now"/>.</summary>
    public static bool IsUrgent(CertificateRecord certificate, DateTimeOffset now) =>
        certificate is { NotBefore: { } from, NotAfter: { } to } && to - now < (to - from) * UrgentFraction;
}
