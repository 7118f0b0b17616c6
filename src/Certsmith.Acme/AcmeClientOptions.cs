namespace Certsmith.Acme;

/// <summary>How an <see cref="AcmeClient"/> talks to one CA. Defaults are named in <see cref="AcmeClientDefaults"/>.</summary>
public sealed record AcmeClientOptions
{
    /// <summary>The CA's directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.</summary>
    public required Uri DirectoryUri { get; init; }

    /// <summary>The account URL (<c>kid</c>) when the account already exists, e.g. loaded from the store.</summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>Longest wait for one HTTP answer; a CA that takes longer gets a timeout error, never a hang.</summary>
    public TimeSpan RequestTimeout { get; init; } = AcmeClientDefaults.RequestTimeout;

    /// <summary>How often a request is re-signed with a fresh nonce after <c>badNonce</c> (RFC 8555 §6.5).</summary>
    public int MaxBadNonceRetries { get; init; } = AcmeClientDefaults.MaxBadNonceRetries;

    /// <summary>First wait when polling a pending object that came without Retry-After (§7.5.1).</summary>
    public TimeSpan PollInitialDelay { get; init; } = AcmeClientDefaults.PollInitialDelay;

    /// <summary>Longest wait between polls without Retry-After.</summary>
    public TimeSpan PollMaxDelay { get; init; } = AcmeClientDefaults.PollMaxDelay;

    /// <summary>The longest a poll waits on the CA's Retry-After inside one call (see <see cref="AcmeClientDefaults.PollMaxRetryAfter"/>).</summary>
    public TimeSpan PollMaxRetryAfter { get; init; } = AcmeClientDefaults.PollMaxRetryAfter;

    /// <summary>Growth of the wait between polls without Retry-After.</summary>
    public double PollBackoffFactor { get; init; } = AcmeClientDefaults.PollBackoffFactor;

    /// <summary>Largest answer read from the CA; a larger one is a protocol error.</summary>
    public int MaxResponseBytes { get; init; } = AcmeClientDefaults.MaxResponseBytes;

    /// <summary>The User-Agent sent with every request (RFC 8555 §6.1 asks clients to send one).</summary>
    public string UserAgent { get; init; } = AcmeClientDefaults.UserAgent;

    /// <summary>Every problem with these options at once; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DirectoryUri is null || !DirectoryUri.IsAbsoluteUri || DirectoryUri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add("DirectoryUri must be an absolute https URL (RFC 8555 §6.1).");
        }
        if (AccountUrl is { IsAbsoluteUri: false })
        {
            errors.Add("AccountUrl must be absolute.");
        }
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("RequestTimeout must be positive and at most 10 minutes.");
        }
        if (PollMaxRetryAfter < PollInitialDelay || PollMaxRetryAfter > TimeSpan.FromHours(1))
        {
            errors.Add("PollMaxRetryAfter must be between PollInitialDelay and one hour.");
        }
        if (MaxBadNonceRetries is < 0 or > 100)
        {
            errors.Add("MaxBadNonceRetries must be between 0 and 100.");
        }
        if (PollInitialDelay <= TimeSpan.Zero || PollMaxDelay < PollInitialDelay || PollMaxDelay > TimeSpan.FromHours(1))
        {
            errors.Add("PollInitialDelay must be positive and not above PollMaxDelay, which is at most one hour.");
        }
        if (PollBackoffFactor < 1)
        {
            errors.Add("PollBackoffFactor must be at least 1.");
        }
        if (MaxResponseBytes < 16 * 1024)
        {
            errors.Add("MaxResponseBytes must be at least 16 KiB.");
        }
        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            errors.Add("UserAgent must not be empty.");
        }
        return errors;
    }
}
