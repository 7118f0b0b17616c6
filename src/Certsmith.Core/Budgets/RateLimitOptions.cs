namespace Certsmith.Core.Budgets;

/// <summary>
/// One CA's rate limits as the platform mirrors them (DESIGN.md, "Rate-limit budgets"), Let's Encrypt's by
/// default. Immutable; <see cref="Validate"/> reports every problem at once.
/// </summary>
public sealed record RateLimitOptions
{
    /// <summary>The CA the budgets belong to (its directory URL; its host names the budgets): charges at one CA never count at another.</summary>
    public required Uri Ca { get; init; }

    /// <summary>New orders per account (new names only; renewals are exempt).</summary>
    public RateLimit OrdersPerAccount { get; init; } = new(LetsEncryptLimits.OrdersPerAccount, LetsEncryptLimits.OrdersPerAccountWindow);

    /// <summary>New certificates per registered domain (Public Suffix List); one certificate counts once per distinct registered domain among its names.</summary>
    public RateLimit CertificatesPerRegisteredDomain { get; init; } = new(LetsEncryptLimits.CertificatesPerRegisteredDomain, LetsEncryptLimits.CertificatesPerRegisteredDomainWindow);

    /// <summary>Certificates per exact set of names (renewals without ARI count too).</summary>
    public RateLimit CertificatesPerExactSet { get; init; } = new(LetsEncryptLimits.CertificatesPerExactSet, LetsEncryptLimits.CertificatesPerExactSetWindow);

    /// <summary>Failed authorizations per name per account: a name at the limit gets no new order until the window frees.</summary>
    public RateLimit FailedAuthorizationsPerName { get; init; } = new(LetsEncryptLimits.FailedAuthorizationsPerName, LetsEncryptLimits.FailedAuthorizationsPerNameWindow);

    /// <summary>The share of each limit urgent renewals count toward that only they may use (rounded up to whole units).</summary>
    public double UrgentReserveShare { get; init; } = LetsEncryptLimits.UrgentReserveShare;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Ca is not { IsAbsoluteUri: true })
        {
            errors.Add("Acme:RateLimits: the CA's directory URL must be absolute.");
        }
        Check(errors, nameof(OrdersPerAccount), OrdersPerAccount);
        Check(errors, nameof(CertificatesPerRegisteredDomain), CertificatesPerRegisteredDomain);
        Check(errors, nameof(CertificatesPerExactSet), CertificatesPerExactSet);
        Check(errors, nameof(FailedAuthorizationsPerName), FailedAuthorizationsPerName);
        if (UrgentReserveShare is < 0 or >= 1 || double.IsNaN(UrgentReserveShare))
        {
            errors.Add("Acme:RateLimits:UrgentReserveShare must be at least 0 and below 1.");
        }
        return errors;
    }

    /// <summary>The units of a limit of <paramref name="count"/> kept for urgent renewals: the share rounded up, but never all of it.</summary>
    public int Reserve(int count) => UrgentReserveShare <= 0 ? 0 : Math.Min((int)Math.Ceiling(count * UrgentReserveShare), count - 1);

    private static void Check(List<string> errors, string name, RateLimit? limit)
    {
        if (limit is null || limit.Count < 1)
        {
            errors.Add($"Acme:RateLimits:{name} must allow at least 1.");
        }
        if (limit is not null && (limit.Window <= TimeSpan.Zero || limit.Window > TimeSpan.FromDays(366)))
        {
            errors.Add($"Acme:RateLimits:{name} needs a window between 0 and a year.");
        }
    }
}
