using Certsmith.Core.Issuance;

namespace Certsmith.Host.Configuration;

/// <summary>Section "Acme": the CA. Empty DirectoryUrl starts the local Pebble (the zero-configuration run).</summary>
public sealed class AcmeSettings
{
    /// <summary>
    /// The CA's directory: e.g. https://acme-staging-v02.api.letsencrypt.org/directory or
    /// https://acme-v02.api.letsencrypt.org/directory; empty = a local Pebble on loopback.
    /// </summary>
    public string? DirectoryUrl { get; set; }

    /// <summary>A PEM bundle of roots to trust for the CA's own HTTPS (a private CA); empty = the system's roots.</summary>
    public string? TrustBundle { get; set; }

    /// <summary>Contact e-mail addresses for the account (mailto: is added when missing).</summary>
    public List<string> Contacts { get; set; } = [];

    /// <summary>The operator accepts the CA's terms of service.</summary>
    public bool AcceptTermsOfService { get; set; }

    /// <summary>The CA is a test CA that may forget accounts (re-register silently).</summary>
    public bool IsTestCa { get; set; }

    /// <summary>Orders worked on at once by this node.</summary>
    public int MaxConcurrentOrders { get; set; } = 16;

    /// <summary>The challenge preferred for single names: http-01 (port 80) or tls-alpn-01 (port 443, RFC 8737).</summary>
    public string ChallengeType { get; set; } = Acme.Resources.AcmeChallenge.Http01;

    /// <summary>The CA's rate limits the budgets mirror (section "Acme:RateLimits").</summary>
    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>
    /// First wait before asking the CA again about a pending authorization or order (then backing off); empty =
    /// the ACME client's default (200 ms). A CA that validates at once (Pebble with VA_NOSLEEP) needs less.
    /// </summary>
    public TimeSpan? PollInitialDelay { get; set; }

    /// <summary>Whether the local Pebble is to be started.</summary>
    public bool IsLocal => string.IsNullOrWhiteSpace(DirectoryUrl);

    /// <summary>The Core options for a directory (the configured one, or the local Pebble's).</summary>
    public AcmeCaOptions ToOptions(Uri directory, bool isTestCa)
    {
        var options = new AcmeCaOptions
        {
            DirectoryUrl = directory,
            IsTestCa = isTestCa,
            Contacts = Contacts.Select(c => c.StartsWith("mailto:", StringComparison.Ordinal) ? c : "mailto:" + c).ToList(),
            AcceptTermsOfService = AcceptTermsOfService,
            MaxConcurrentOrders = MaxConcurrentOrders,
            ChallengeType = ChallengeType.Trim().ToLowerInvariant(),
        };
        // Checked with the rest of the CA options (AcmeCaOptions.Validate: more than 0, at most 10 s).
        return PollInitialDelay is { } delay ? options with { PollInitialDelay = delay } : options;
    }

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IsLocal && (!Uri.TryCreate(DirectoryUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Acme:DirectoryUrl must be an absolute https URL (or empty for the local Pebble).");
        }
        if (!string.IsNullOrWhiteSpace(TrustBundle) && !File.Exists(TrustBundle))
        {
            errors.Add($"Acme:TrustBundle {TrustBundle} does not exist.");
        }
        if (MaxConcurrentOrders is < 1 or > 256)
        {
            errors.Add("Acme:MaxConcurrentOrders must be between 1 and 256.");
        }
        if (!AcmeCaOptions.SupportedChallengeTypes.Contains(ChallengeType?.Trim().ToLowerInvariant()))
        {
            errors.Add($"Acme:ChallengeType must be one of {string.Join(", ", AcmeCaOptions.SupportedChallengeTypes)}.");
        }

        errors.AddRange(RateLimits.Validate());
        return errors;
    }
}
