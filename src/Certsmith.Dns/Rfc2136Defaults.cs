namespace Certsmith.Dns;

/// <summary>The defaults of <see cref="Rfc2136Options"/>, and why.</summary>
public static class Rfc2136Defaults
{
    /// <summary>RFC 8945 §6: HMAC-SHA256 is the algorithm every implementation must support.</summary>
    public const string Algorithm = HmacSha256;

    /// <summary>RFC 8945 §6.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>RFC 8945 §6.</summary>
    public const string HmacSha512 = "hmac-sha512";

    /// <summary>The DNS port, used when a <c>host:port</c> setting leaves the port out.</summary>
    public const int Port = 53;

    /// <summary>Secondaries that poll on the SOA refresh timer instead of acting on NOTIFY can take minutes.</summary>
    public static readonly TimeSpan PropagationTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A NOTIFY-driven secondary has a new record within milliseconds and a wildcard issuance aims at under a
    /// second end to end, so polling is tight; each round asks each server that lacks the record one question.
    /// </summary>
    public static readonly TimeSpan PropagationPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>One question or update; a server that has not answered by then is taken as unreachable.</summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Short, so a resolver does not keep a challenge answer long after it is removed (Let's Encrypt asks authoritatively anyway).</summary>
    public static readonly TimeSpan RecordTtl = TimeSpan.FromSeconds(60);
}
