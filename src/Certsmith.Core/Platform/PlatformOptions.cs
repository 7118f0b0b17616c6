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
        return errors;
    }
}
