namespace Certsmith.Core.Dns;

/// <summary>What went wrong with DNS, so callers can tell a setup problem from a passing one.</summary>
public enum DnsChallengeError
{
    /// <summary>A DNS server did not answer in time, or refused the connection (worth retrying).</summary>
    Unreachable,

    /// <summary>The primary does not serve the zone (NOTAUTH/NOTZONE, or no SOA found for the name).</summary>
    ZoneNotServed,

    /// <summary>The primary does not accept the TSIG key (BADKEY, BADSIG, BADTIME) — the platform's DNS settings are wrong.</summary>
    BadKey,

    /// <summary>The primary refused the update (REFUSED: no update ACL for the key on that zone).</summary>
    Refused,

    /// <summary>
    /// <c>_acme-challenge.&lt;name&gt;</c> leads somewhere the tenant may not have the platform write: not its own hosted
    /// zone, not the challenge-zone name it delegated (a lost or re-pointed CNAME).
    /// </summary>
    NotDelegated,

    /// <summary>Some authoritative server still did not answer the new record when the time ran out.</summary>
    NotPropagated,

    /// <summary>Any other unexpected answer (SERVFAIL, a malformed reply, a CNAME loop).</summary>
    Failed,
}

/// <summary>A DNS step of DNS-01 or of domain proof failed; the message says what and where, never a secret.</summary>
public sealed class DnsChallengeException : Exception
{
    /// <summary>Creates one.</summary>
    public DnsChallengeException(DnsChallengeError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>Creates one (for serializers and analyzers).</summary>
    public DnsChallengeException()
        : this(DnsChallengeError.Failed, "DNS failed.")
    {
    }

    /// <summary>Creates one.</summary>
    public DnsChallengeException(string message)
        : this(DnsChallengeError.Failed, message)
    {
    }

    /// <summary>Creates one.</summary>
    public DnsChallengeException(string message, Exception inner)
        : this(DnsChallengeError.Failed, message, inner)
    {
    }

    /// <summary>What kind of failure.</summary>
    public DnsChallengeError Error { get; }

    /// <summary>
    /// A failure of the platform's DNS set-up for this name (zone not served, bad key, refused), as opposed to
    /// a passing one (unreachable, not yet propagated): a wildcard that meets one cannot be obtained until
    /// someone fixes it, so its addresses fall back to certificates of their own.
    /// </summary>
    public bool IsSetupFailure => Error is DnsChallengeError.ZoneNotServed or DnsChallengeError.BadKey or DnsChallengeError.Refused or DnsChallengeError.NotDelegated;
}
