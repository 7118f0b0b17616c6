using Certsmith.Acme.Certificates;

namespace Certsmith.Core.Platform;

/// <summary>The platform's settings for the rules of DESIGN.md. Validated at start-up (every error at once).</summary>
public sealed record PlatformOptions
{
    /// <summary>DESIGN.md rule 2: from this many live addresses under one parent, a wildcard is ordered.</summary>
    public const int DefaultWildcardThreshold = 20;

    /// <summary>The wildcard threshold, unless a tenant has its own.</summary>
    public int WildcardThreshold { get; init; } = DefaultWildcardThreshold;

    /// <summary>The key type of new certificates: ECDSA P-256 (fast handshakes) unless set to RSA 2048 for old clients.</summary>
    public CertificateKeyAlgorithm CertificateKeyAlgorithm { get; init; } = CertificateKeyAlgorithm.EcdsaP256;

    /// <summary>Local one-command mode: domains count as proven without DNS (never in production).</summary>
    public bool MarkDomainsProvenWithoutDns { get; init; }

    /// <summary>
    /// Whether tenants may claim, as hosted zones, zones the platform's DNS serves; otherwise only a platform admin
    /// assigns a hosted zone to a tenant (DESIGN.md, "Holding a domain").
    /// </summary>
    public bool TenantsMayClaimHostedZones { get; init; }

    /// <summary>
    /// The zone on the platform's DNS that external domains delegate <c>_acme-challenge</c> labels to by CNAME (e.g.
    /// <c>acme-challenges.provider.example</c>); null: external domains get no wildcards.
    /// </summary>
    public Names.DnsName? ChallengeZone { get; init; }

    /// <summary>
    /// Off by default: the first threshold − 1 addresses of a parent keep their own certificates. On: they move to the
    /// parent's valid wildcard at their next renewal, and their own certificates are not renewed.
    /// </summary>
    public bool MoveToWildcardAtRenewal { get; init; }

    /// <summary>
    /// After this many consecutive failed attempts at a wildcard (validation failures and the like), the addresses
    /// waiting for it get certificates of their own while it keeps retrying. A refused DNS update or a zone the
    /// platform cannot write counts at once; waiting for rate-limit budget never counts.
    /// </summary>
    public int WildcardFallbackAfterFailures { get; init; } = 2;

    /// <summary>
    /// Networks (CIDR) webhooks may be sent to besides public addresses; empty by default: loopback, private and
    /// link-local addresses are refused, since the control plane sits in a trusted network (tests allow 127.0.0.0/8).
    /// </summary>
    public IReadOnlyList<string> WebhookAllowedNetworks { get; init; } = [];

    /// <summary>Days before a custom certificate expires when the tenant is warned (event, panel banner, webhook).</summary>
    public IReadOnlyList<int> CustomExpiryWarningDays { get; init; } = [30, 14, 7, 1];

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (WildcardThreshold is < 2 or > 10_000)
        {
            errors.Add("Platform:WildcardThreshold must be between 2 and 10000.");
        }
        if (CertificateKeyAlgorithm is not (CertificateKeyAlgorithm.EcdsaP256 or CertificateKeyAlgorithm.EcdsaP384 or CertificateKeyAlgorithm.Rsa2048 or CertificateKeyAlgorithm.Rsa3072 or CertificateKeyAlgorithm.Rsa4096))
        {
            errors.Add("Platform:CertificateKeyAlgorithm is not a known key type.");
        }
        foreach (var network in WebhookAllowedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            errors.Add($"Platform:WebhookAllowedNetworks holds '{network}', which is not a CIDR network.");
        }
        if (CustomExpiryWarningDays.Count == 0 || CustomExpiryWarningDays.Any(d => d is < 1 or > 365))
        {
            errors.Add("Platform:CustomExpiryWarningDays must list days between 1 and 365.");
        }
        if (WildcardFallbackAfterFailures is < 1 or > 100)
        {
            errors.Add("Platform:WildcardFallbackAfterFailures must be between 1 and 100.");
        }
        return errors;
    }
}
