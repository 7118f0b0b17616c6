using System.Text;
using Certsmith.Dns.Internal;

namespace Certsmith.Dns;

/// <summary>
/// Where and how DNS-01 records are written (RFC 2136 updates signed with TSIG, RFC 8945) and checked.
/// <see cref="Secret"/> never appears in <see cref="ToString"/>, in logs or in error messages.
/// </summary>
public sealed record Rfc2136Options
{
    /// <summary>The primary that accepts updates, <c>host:port</c> (port 53 when left out; IPv6 as <c>[::1]:53</c>).</summary>
    public string Primary { get; init; } = string.Empty;

    /// <summary>The TSIG key's name, as configured on the primary (e.g. <c>certsmith-key</c>).</summary>
    public string KeyName { get; init; } = string.Empty;

    /// <summary><see cref="Rfc2136Defaults.HmacSha256"/> (default) or <see cref="Rfc2136Defaults.HmacSha512"/>.</summary>
    public string Algorithm { get; init; } = Rfc2136Defaults.Algorithm;

    /// <summary>The TSIG key's shared secret, base64.</summary>
    public string Secret { get; init; } = string.Empty;

    /// <summary>The resolver that follows CNAMEs and finds zones and name servers, <c>host:port</c>; null uses /etc/resolv.conf's.</summary>
    public string? Resolver { get; init; }

    /// <summary>
    /// The servers the propagation check asks, <c>host:port</c> each; empty asks every name server of the zone
    /// (its NS records, via <see cref="Resolver"/>) on port 53.
    /// </summary>
    public IReadOnlyList<string> AuthoritativeServers { get; init; } = [];

    /// <summary>How long to wait for every authoritative server to answer a new record.</summary>
    public TimeSpan PropagationTimeout { get; init; } = Rfc2136Defaults.PropagationTimeout;

    /// <summary>How often the servers still lacking the record are asked again (the first re-asks come sooner: 10 ms, doubling up to this).</summary>
    public TimeSpan PropagationPollInterval { get; init; } = Rfc2136Defaults.PropagationPollInterval;

    /// <summary>How long one question or update may take before its server counts as unreachable.</summary>
    public TimeSpan QueryTimeout { get; init; } = Rfc2136Defaults.QueryTimeout;

    /// <summary>The TTL of the TXT records written (whole seconds).</summary>
    public TimeSpan RecordTtl { get; init; } = Rfc2136Defaults.RecordTtl;

    /// <summary>Every problem with these options, empty when they are usable. No message repeats the secret.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!DnsServerAddress.TryParse(Primary, out _))
        {
            errors.Add($"{nameof(Primary)} must be host:port (port 53 when left out), was '{Primary}'.");
        }

        if (!DnsNames.IsValid(KeyName))
        {
            errors.Add($"{nameof(KeyName)} must be the TSIG key's name, a domain name such as certsmith-key, was '{KeyName}'.");
        }

        if (!TsigKey.IsSupported(Algorithm))
        {
            errors.Add($"{nameof(Algorithm)} must be {Rfc2136Defaults.HmacSha256} or {Rfc2136Defaults.HmacSha512}, was '{Algorithm}'.");
        }

        if (!TsigKey.IsSecret(Secret))
        {
            errors.Add($"{nameof(Secret)} must be the TSIG key's secret in base64 (it is empty or not base64).");
        }

        if (Resolver is not null && !DnsServerAddress.TryParse(Resolver, out _))
        {
            errors.Add($"{nameof(Resolver)} must be host:port or left out (to use /etc/resolv.conf), was '{Resolver}'.");
        }

        foreach (var server in AuthoritativeServers.Where(s => !DnsServerAddress.TryParse(s, out _)))
        {
            errors.Add($"{nameof(AuthoritativeServers)} must hold host:port entries, one was '{server}'.");
        }

        CheckPositive(errors, nameof(PropagationTimeout), PropagationTimeout);
        CheckPositive(errors, nameof(PropagationPollInterval), PropagationPollInterval);
        CheckPositive(errors, nameof(QueryTimeout), QueryTimeout);
        if (PropagationPollInterval > PropagationTimeout)
        {
            errors.Add($"{nameof(PropagationPollInterval)} ({PropagationPollInterval}) must not exceed {nameof(PropagationTimeout)} ({PropagationTimeout}).");
        }

        if (QueryTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"{nameof(QueryTimeout)} must be under 24 days, was {QueryTimeout}.");
        }

        if (RecordTtl < TimeSpan.FromSeconds(1) || RecordTtl.TotalSeconds > int.MaxValue || RecordTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{nameof(RecordTtl)} must be a positive whole number of seconds (RFC 2181 §8), was {RecordTtl}.");
        }

        return errors;
    }

    /// <summary>Value equality, with the server list compared item by item.</summary>
    public bool Equals(Rfc2136Options? other) =>
        other is not null
        && Primary == other.Primary
        && KeyName == other.KeyName
        && Algorithm == other.Algorithm
        && Secret == other.Secret
        && Resolver == other.Resolver
        && AuthoritativeServers.SequenceEqual(other.AuthoritativeServers)
        && PropagationTimeout == other.PropagationTimeout
        && PropagationPollInterval == other.PropagationPollInterval
        && QueryTimeout == other.QueryTimeout
        && RecordTtl == other.RecordTtl;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Primary, KeyName, Algorithm, Resolver, AuthoritativeServers.Count, PropagationTimeout, QueryTimeout);

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive, was {value}.");
        }
    }

    /// <summary>Everything but the secret, which shows only whether it is set.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Primary = ").Append(Primary)
            .Append(", KeyName = ").Append(KeyName)
            .Append(", Algorithm = ").Append(Algorithm)
            .Append(", Secret = ").Append(Secret.Length == 0 ? "(empty)" : "(hidden)")
            .Append(", Resolver = ").Append(Resolver ?? "(resolv.conf)")
            .Append(", AuthoritativeServers = [").AppendJoin(", ", AuthoritativeServers).Append(']')
            .Append(", PropagationTimeout = ").Append(PropagationTimeout)
            .Append(", PropagationPollInterval = ").Append(PropagationPollInterval)
            .Append(", QueryTimeout = ").Append(QueryTimeout)
            .Append(", RecordTtl = ").Append(RecordTtl);
        return true;
    }
}
