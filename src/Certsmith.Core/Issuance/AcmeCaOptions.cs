namespace Certsmith.Core.Issuance;

/// <summary>The ACME CA the platform orders from, and how hard it works it. Validated at start-up.</summary>
public sealed record AcmeCaOptions
{
    /// <summary>Let's Encrypt's production directory.</summary>
    public static readonly Uri LetsEncryptProduction = new("https://acme-v02.api.letsencrypt.org/directory");

    /// <summary>Let's Encrypt's staging directory (untrusted certificates, generous limits): for trying things out.</summary>
    public static readonly Uri LetsEncryptStaging = new("https://acme-staging-v02.api.letsencrypt.org/directory");

    /// <summary>The CA's directory URL.</summary>
    public required Uri DirectoryUrl { get; init; }

    /// <summary>
    /// A test CA (the local Pebble) forgets accounts when it restarts: the platform then registers again by
    /// itself. Any other CA that forgets the account stops issuance until an operator looks (no silent
    /// re-registration: it would reset the account's history and limits).
    /// </summary>
    public bool IsTestCa { get; init; }

    /// <summary>Contact URLs for the account, e.g. mailto:certificates@provider.example.</summary>
    public IReadOnlyList<string> Contacts { get; init; } = [];

    /// <summary>Whether the operator accepts the CA's terms of service (required by Let's Encrypt).</summary>
    public bool AcceptTermsOfService { get; init; }

    /// <summary>Orders worked on at once by this node; ACME is I/O-bound, so this is about the CA's patience, not CPU.</summary>
    public int MaxConcurrentOrders { get; init; } = 16;

    /// <summary>First wait when polling an authorization or order without Retry-After.</summary>
    public TimeSpan PollInitialDelay { get; init; } = Acme.AcmeClientDefaults.PollInitialDelay;

    /// <summary>
    /// The challenge the platform prefers for single names at this CA: <c>http-01</c> (port 80) or
    /// <c>tls-alpn-01</c> (port 443, RFC 8737, for platforms whose port 80 the CA cannot reach). The other one
    /// stays a fallback when the CA does not offer the preferred one; wildcards always need DNS-01.
    /// </summary>
    public string ChallengeType { get; init; } = Acme.Resources.AcmeChallenge.Http01;

    /// <summary>The challenge types <see cref="ChallengeType"/> may name: the ones the edge answers.</summary>
    public static IReadOnlyList<string> SupportedChallengeTypes { get; } = [Acme.Resources.AcmeChallenge.Http01, Acme.Resources.AcmeChallenge.TlsAlpn01];

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DirectoryUrl is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            errors.Add("Acme:DirectoryUrl must be an absolute https URL.");
        }
        if (Contacts.Any(c => !c.StartsWith("mailto:", StringComparison.Ordinal) || c.Length < 10))
        {
            errors.Add("Acme:Contacts must be mailto: URLs.");
        }
        if (MaxConcurrentOrders is < 1 or > 256)
        {
            errors.Add("Acme:MaxConcurrentOrders must be between 1 and 256.");
        }
        if (PollInitialDelay <= TimeSpan.Zero || PollInitialDelay > TimeSpan.FromSeconds(10))
        {
            errors.Add("Acme:PollInitialDelay must be between 0 and 10 seconds.");
        }
        if (!SupportedChallengeTypes.Contains(ChallengeType))
        {
            errors.Add($"Acme:ChallengeType must be one of {string.Join(", ", SupportedChallengeTypes)}.");
        }
        return errors;
    }
}
