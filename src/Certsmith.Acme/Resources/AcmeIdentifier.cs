using System.Net;
using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>An ACME identifier (RFC 8555 §9.7.7): a DNS name, or an IP address (RFC 8738).</summary>
/// <param name="Type">"dns" or "ip".</param>
/// <param name="Value">The name (A-label; "*.name" for a wildcard) or the address in its textual form.</param>
public sealed record AcmeIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value)
{
    /// <summary>The identifier type for DNS names.</summary>
    public const string DnsType = "dns";

    /// <summary>The identifier type for IP addresses (RFC 8738 §3).</summary>
    public const string IpType = "ip";

    /// <summary>A DNS name identifier.</summary>
    public static AcmeIdentifier Dns(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(DnsType, name);
    }

    /// <summary>An IP address identifier, in RFC 5952 / dotted form (RFC 8738 §3).</summary>
    public static AcmeIdentifier Ip(IPAddress address) => new(IpType, address.ToString());

    /// <summary>Whether this is a wildcard DNS name.</summary>
    [JsonIgnore]
    public bool IsWildcard => Type == DnsType && Value.StartsWith("*.", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{Type}:{Value}";
}
