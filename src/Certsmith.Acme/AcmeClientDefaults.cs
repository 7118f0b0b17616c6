namespace Certsmith.Acme;

/// <summary>The written-down defaults of <see cref="AcmeClientOptions"/>, and why.</summary>
public static class AcmeClientDefaults
{
    /// <summary>Let's Encrypt answers in well under a second; 30 s covers a slow CA without hanging a worker.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A CA rejects a nonce rarely (Boulder: on restarts; Pebble: 5% on purpose). Each retry is independent,
    /// so even at Pebble's 50% test setting 20 retries fail once in a million requests; the cap only stops
    /// a broken CA from looping us forever.
    /// </summary>
    public const int MaxBadNonceRetries = 20;

    /// <summary>Validation and issuance usually finish within a second; a first look after 200 ms is polite and quick.</summary>
    public static readonly TimeSpan PollInitialDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>A stuck validation is polled at most every 10 s (Let's Encrypt's integration guide suggests seconds, not milliseconds).</summary>
    public static readonly TimeSpan PollMaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>Each poll without Retry-After waits 1.5 times longer: 0.2, 0.3, 0.45, 0.68 ... 10 s.</summary>
    public const double PollBackoffFactor = 1.5;

    /// <summary>ACME objects and PEM chains are a few KiB; 1 MiB stops a misbehaving server from filling memory.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>Identifies this client to the CA's operators.</summary>
    public const string UserAgent = "Certsmith.Acme/1.0";

    /// <summary>RFC 9773 §4.3: without Retry-After, poll renewalInfo again after about six hours.</summary>
    public static readonly TimeSpan RenewalInfoDefaultPoll = TimeSpan.FromHours(6);

    /// <summary>RFC 9773 §4.3: a Retry-After under a minute is treated as a minute.</summary>
    public static readonly TimeSpan RenewalInfoMinPoll = TimeSpan.FromMinutes(1);

    /// <summary>RFC 9773 §4.3: a Retry-After over a day is treated as a day.</summary>
    public static readonly TimeSpan RenewalInfoMaxPoll = TimeSpan.FromDays(1);

    /// <summary>
    /// The longest a poll waits on a CA's Retry-After inside one call. Longer advice (a CA asking for an
    /// hour) is still honoured, by the caller: polling returns the pending object, and the validate and
    /// complete calls throw an <see cref="Problems.AcmePendingException"/> with its RetryAfter.
    /// </summary>
    public static readonly TimeSpan PollMaxRetryAfter = TimeSpan.FromMinutes(2);
}
