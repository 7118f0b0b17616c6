using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>The CA's directory (RFC 8555 §7.1.1), with <c>renewalInfo</c> (RFC 9773 §3).</summary>
public sealed record AcmeDirectory
{
    /// <summary>Where fresh nonces come from (§7.2).</summary>
    [JsonPropertyName("newNonce")] public required Uri NewNonce { get; init; }

    /// <summary>Account creation (§7.3).</summary>
    [JsonPropertyName("newAccount")] public required Uri NewAccount { get; init; }

    /// <summary>Order creation (§7.4).</summary>
    [JsonPropertyName("newOrder")] public required Uri NewOrder { get; init; }

    /// <summary>Pre-authorization (§7.4.1); most CAs do not offer it.</summary>
    [JsonPropertyName("newAuthz")] public Uri? NewAuthz { get; init; }

    /// <summary>Revocation (§7.6).</summary>
    [JsonPropertyName("revokeCert")] public Uri? RevokeCert { get; init; }

    /// <summary>Account key rollover (§7.3.5).</summary>
    [JsonPropertyName("keyChange")] public Uri? KeyChange { get; init; }

    /// <summary>ACME Renewal Information (RFC 9773); null when the CA does not serve it.</summary>
    [JsonPropertyName("renewalInfo")] public Uri? RenewalInfo { get; init; }

    /// <summary>The directory's metadata.</summary>
    [JsonPropertyName("meta")] public AcmeDirectoryMeta Meta { get => field ?? new(); init; }
}
