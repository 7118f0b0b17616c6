namespace Certsmith.Core.Dns;

/// <summary>
/// Writes DNS-01 answers (RFC 8555 §8.4) to the platform's authoritative DNS: locates where the TXT record for
/// a name goes (following a CNAME on <c>_acme-challenge.&lt;name&gt;</c>), proves it may write there before any
/// order is placed, adds and removes the record, and waits until every authoritative server answers it.
/// Implemented by RFC 2136 + TSIG (Certsmith.Dns). Thread-safe. Every failure is a
/// <see cref="DnsChallengeException"/> whose message says what is wrong, for the tenant and the operator.
/// </summary>
public interface IDnsChallengeWriter
{
    /// <summary>
    /// Where the TXT record proving <paramref name="name"/> (a host name; for <c>*.parent</c> pass parent) is
    /// written: <c>_acme-challenge.&lt;name&gt;</c>, or the end of the CNAME chain starting there, and its zone
    /// (found by asking the resolver for the SOA).
    /// </summary>
    Task<DnsChallengeTarget> LocateAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Proves that the primary accepts signed updates for the target's zone (a no-op update), so that no order is
    /// placed for a zone the platform cannot write (wrong TSIG key, zone not served, update refused).
    /// </summary>
    Task CheckWritableAsync(DnsChallengeTarget target, CancellationToken cancellationToken);

    /// <summary>Adds one TXT record (idempotent: adding the same value twice leaves one record).</summary>
    Task AddTxtAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken);

    /// <summary>Removes one TXT record (idempotent: removing a missing record succeeds).</summary>
    Task RemoveTxtAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until every authoritative server of the target's zone answers the TXT value; throws
    /// <see cref="DnsChallengeException"/> (<see cref="DnsChallengeError.NotPropagated"/>) naming the servers that
    /// do not, when the configured time runs out.
    /// </summary>
    Task WaitForPropagationAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken);
}

/// <summary>Where a DNS-01 TXT record is written.</summary>
/// <param name="Name">The challenge name asked about, e.g. <c>_acme-challenge.example.org</c> (lower case, no trailing dot).</param>
/// <param name="RecordName">Where the record goes: <see cref="Name"/>, or the end of its CNAME chain.</param>
/// <param name="Zone">The zone holding <see cref="RecordName"/> (the owner of its SOA).</param>
public sealed record DnsChallengeTarget(string Name, string RecordName, string Zone)
{
    /// <summary>Whether <see cref="Name"/> is delegated to another name by CNAME.</summary>
    public bool IsDelegated => !string.Equals(Name, RecordName, StringComparison.OrdinalIgnoreCase);
}
