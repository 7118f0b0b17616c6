using System.Globalization;

namespace Certsmith.LocalCa;

/// <summary>
/// How to run one Pebble instance (Debian's pebble 2.4.0). Values left at their defaults keep
/// Pebble's own behaviour except <see cref="VaNoSleep"/>, which is on so tests run at full speed.
/// </summary>
public sealed record PebbleOptions
{
    /// <summary>Pebble's documented default for <see cref="NonceRejectPercent"/>: 5 % of good nonces are rejected.</summary>
    public const int PebbleDefaultNonceRejectPercent = 5;

    /// <summary>Port Pebble connects to on the identifier's address for HTTP-01 (Pebble's default 5002).</summary>
    public int HttpPort { get; init; } = 5002;

    /// <summary>Port Pebble connects to on the identifier's address for TLS-ALPN-01 (Pebble's default 5001).</summary>
    public int TlsPort { get; init; } = 5001;

    /// <summary>
    /// Percent of valid nonces Pebble rejects with <c>badNonce</c> (env <c>PEBBLE_WFE_NONCEREJECT</c>).
    /// Keep it on in some tests: RFC 8555 §6.5 clients must retry.
    /// </summary>
    public int NonceRejectPercent { get; init; } = PebbleDefaultNonceRejectPercent;

    /// <summary>Percent of new orders that reuse a valid authorization (env <c>PEBBLE_AUTHZREUSE</c>); null keeps Pebble's 50.</summary>
    public int? AuthzReusePercent { get; init; }

    /// <summary>Number of alternate root chains (env <c>PEBBLE_ALTERNATE_ROOTS</c>); null keeps Pebble's 0.</summary>
    public int? AlternateRoots { get; init; }

    /// <summary>Intermediates between leaf and root (env <c>PEBBLE_CHAIN_LENGTH</c>, minimum 1); null keeps Pebble's 1.</summary>
    public int? ChainLength { get; init; }

    /// <summary>Skip Pebble's random 0–15 s sleep before each validation (env <c>PEBBLE_VA_NOSLEEP=1</c>).</summary>
    public bool VaNoSleep { get; init; } = true;

    /// <summary>
    /// Lifetime of issued certificates (config <c>certificateValidityPeriod</c>, whole seconds);
    /// null keeps Pebble's default of about five years. Short values drive renewal tests.
    /// </summary>
    public TimeSpan? CertificateValidityPeriod { get; init; }

    /// <summary>
    /// External account binding keys, key id → base64url HMAC key (RFC 8555 §7.3.4). When set,
    /// Pebble requires external account binding on every new account.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExternalAccountMacKeys { get; init; }

    /// <summary>
    /// DNS server (<c>host:port</c>) Pebble resolves identifiers with, e.g. a Knot instance. When
    /// null the server starts its own <c>pebble-challtestsrv</c> and TXT records go through
    /// <see cref="PebbleServer.SetTxtAsync"/>.
    /// </summary>
    public string? DnsServer { get; init; }

    /// <summary>A fixed port for the ACME listener (to restart a CA at the same address); null picks one.</summary>
    public int? AcmePort { get; init; }

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckPort(errors, nameof(HttpPort), HttpPort);
        CheckPort(errors, nameof(TlsPort), TlsPort);
        CheckPercent(errors, nameof(NonceRejectPercent), NonceRejectPercent);
        if (AuthzReusePercent is { } reuse)
        {
            CheckPercent(errors, nameof(AuthzReusePercent), reuse);
        }

        if (AlternateRoots is < 0)
        {
            errors.Add($"{nameof(AlternateRoots)} must be 0 or more, was {AlternateRoots}.");
        }

        if (ChainLength is < 1)
        {
            errors.Add($"{nameof(ChainLength)} must be 1 or more (Pebble's minimum), was {ChainLength}.");
        }

        if (CertificateValidityPeriod is { } validity
            && (validity < TimeSpan.FromSeconds(1) || validity.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            errors.Add($"{nameof(CertificateValidityPeriod)} must be a positive whole number of seconds, was {validity}.");
        }

        if (ExternalAccountMacKeys is { Count: 0 })
        {
            errors.Add($"{nameof(ExternalAccountMacKeys)} must hold at least one key when set.");
        }

        foreach (var (kid, key) in ExternalAccountMacKeys ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(kid) || string.IsNullOrEmpty(key))
            {
                errors.Add($"{nameof(ExternalAccountMacKeys)} holds an empty key id or key.");
            }
        }

        if (DnsServer is not null && !IsHostAndPort(DnsServer))
        {
            errors.Add($"{nameof(DnsServer)} must be host:port, was '{DnsServer}'.");
        }

        return errors;
    }

    private static bool IsHostAndPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535;
    }

    private static void CheckPort(List<string> errors, string name, int port)
    {
        if (port is <= 0 or > 65535)
        {
            errors.Add($"{name} must be 1–65535, was {port}.");
        }
    }

    private static void CheckPercent(List<string> errors, string name, int percent)
    {
        if (percent is < 0 or > 100)
        {
            errors.Add($"{name} must be 0–100, was {percent}.");
        }
    }
}
