namespace Certsmith.Acme.Problems;

/// <summary>What a caller should do about a failed ACME call.</summary>
public enum AcmeErrorKind
{
    /// <summary>Retry at once (e.g. a rejected nonce; the client already did so as often as allowed).</summary>
    RetryNow,

    /// <summary>A transient fault (CA overloaded, connection lost, timeout): retry after <see cref="AcmeException.RetryAfter"/> or on a backoff ladder.</summary>
    RetryLater,

    /// <summary>The CA's rate limit: do not send the same request before <see cref="AcmeException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The request, the account or the validation set-up is wrong; retrying unchanged fails again.</summary>
    FixInput,

    /// <summary>The object cannot reach the wanted state (revoked, already replaced, order gone); start over or stop.</summary>
    GiveUp,
}
