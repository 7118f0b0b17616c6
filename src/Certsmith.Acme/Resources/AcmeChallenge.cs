using System.Text.Json.Serialization;
using Certsmith.Acme.Problems;

namespace Certsmith.Acme.Resources;

/// <summary>A challenge (RFC 8555 §7.1.5, §8).</summary>
public sealed record AcmeChallenge
{
    /// <summary>HTTP-01 (RFC 8555 §8.3).</summary>
    public const string Http01 = "http-01";

    /// <summary>DNS-01 (RFC 8555 §8.4).</summary>
    public const string Dns01 = "dns-01";

    /// <summary>TLS-ALPN-01 (RFC 8737).</summary>
    public const string TlsAlpn01 = "tls-alpn-01";

    /// <summary>The challenge type.</summary>
    [JsonPropertyName("type")] public string Type { get; init => field = value ?? ""; } = "";

    /// <summary>Where to POST to say the challenge is ready (§7.5.1).</summary>
    [JsonPropertyName("url")] public Uri Url { get; init; } = null!;

    /// <summary>pending, processing, valid or invalid.</summary>
    [JsonPropertyName("status")] public AcmeStatus Status { get; init; }

    /// <summary>When it was validated.</summary>
    [JsonPropertyName("validated")] public DateTimeOffset? Validated { get; init; }

    /// <summary>The token the key authorization is built from (§8.1).</summary>
    [JsonPropertyName("token")] public string? Token { get; init; }

    /// <summary>Why validation failed.</summary>
    [JsonPropertyName("error")] public AcmeProblem? Error { get; init; }
}
