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
    [JsonPropertyName("meta")] public AcmeDirectoryMeta Meta { get; init => field = value ?? new(); } = new();
}

/// <summary>Directory metadata (RFC 8555 §7.1.1; <c>profiles</c> from the ACME profiles draft).</summary>
public sealed record AcmeDirectoryMeta
{
    /// <summary>The current terms of service the account must agree to.</summary>
    [JsonPropertyName("termsOfService")] public Uri? TermsOfService { get; init; }

    /// <summary>The CA's web site.</summary>
    [JsonPropertyName("website")] public Uri? Website { get; init; }

    /// <summary>Domain names the CA accepts in CAA records (RFC 8659).</summary>
    [JsonPropertyName("caaIdentities")] public IReadOnlyList<string> CaaIdentities { get; init => field = value ?? []; } = [];

    /// <summary>Whether new accounts need an external account binding (§7.3.4).</summary>
    [JsonPropertyName("externalAccountRequired")] public bool ExternalAccountRequired { get; init; }

    /// <summary>Certificate profiles the CA offers, name to description (ACME profiles draft §3).</summary>
    [JsonPropertyName("profiles")] public IReadOnlyDictionary<string, string> Profiles { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}
