using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>Directory metadata (RFC 8555 §7.1.1; <c>profiles</c> from the ACME profiles draft).</summary>
public sealed record AcmeDirectoryMeta
{
    /// <summary>The current terms of service the account must agree to.</summary>
    [JsonPropertyName("termsOfService")] public Uri? TermsOfService { get; init; }

    /// <summary>The CA's web site.</summary>
    [JsonPropertyName("website")] public Uri? Website { get; init; }

    /// <summary>Domain names the CA accepts in CAA records (RFC 8659).</summary>
    [JsonPropertyName("caaIdentities")] public IReadOnlyList<string> CaaIdentities { get => field ?? []; init; }

    /// <summary>Whether new accounts need an external account binding (§7.3.4).</summary>
    [JsonPropertyName("externalAccountRequired")] public bool ExternalAccountRequired { get; init; }

    /// <summary>Certificate profiles the CA offers, name to description (ACME profiles draft §3).</summary>
    [JsonPropertyName("profiles")] public IReadOnlyDictionary<string, string> Profiles { get => field ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty; init; }
}
