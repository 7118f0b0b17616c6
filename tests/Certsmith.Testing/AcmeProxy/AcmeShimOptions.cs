namespace Certsmith.Testing.AcmeProxy;

/// <summary>What <see cref="AcmeShimProxy"/> adds in front of Pebble. Immutable; validated at start.</summary>
public sealed record AcmeShimOptions
{
    /// <summary>
    /// Let's Encrypt answers renewalInfo with <c>Retry-After</c> of six hours; RFC 9773 §4.3 lets a
    /// client poll no more often than that.
    /// </summary>
    public static readonly TimeSpan DefaultRenewalInfoRetryAfter = TimeSpan.FromHours(6);

    /// <summary>
    /// ACME profiles (draft-ietf-acme-profiles §3): name → description, advertised in the
    /// directory's <c>meta.profiles</c>. Empty: the proxy behaves like a server without profiles
    /// and ignores a newOrder <c>profile</c> field, as Pebble does.
    /// </summary>
    public IReadOnlyDictionary<string, string> Profiles { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// When set, <c>Retry-After</c> (whole seconds) on orders, authorizations and challenges whose
    /// status is <c>pending</c> or <c>processing</c> (RFC 8555 §7.4, §7.5.1). Pebble 2.4.0 sends none.
    /// </summary>
    public TimeSpan? PendingRetryAfter { get; init; }

    /// <summary><c>Retry-After</c> on renewalInfo answers (RFC 9773 §4.3).</summary>
    public TimeSpan RenewalInfoRetryAfter { get; init; } = DefaultRenewalInfoRetryAfter;

    /// <summary>
    /// <c>explanationURL</c> for every renewalInfo answer whose window was not given its own by
    /// <see cref="AcmeShimProxy.SetRenewalWindow"/>; null: omitted (RFC 9773 §4.2, optional).
    /// </summary>
    public Uri? ExplanationUrl { get; init; }

    /// <summary>
    /// Reject a newOrder whose <c>replaces</c> names a certificate this proxy never saw, with 400
    /// malformed. RFC 9773 §5 leaves the problem type to the server; Boulder treats it as malformed.
    /// </summary>
    public bool RejectUnknownReplaces { get; init; }

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RenewalInfoRetryAfter <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(RenewalInfoRetryAfter)} must be positive.");
        }

        if (PendingRetryAfter is { } pending && pending <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(PendingRetryAfter)} must be positive when set.");
        }

        foreach (var name in Profiles.Keys.Where(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(Profiles)} has an empty profile name '{name}'.");
        }

        if (ExplanationUrl is { IsAbsoluteUri: false })
        {
            errors.Add($"{nameof(ExplanationUrl)} must be absolute.");
        }

        return errors;
    }
}
