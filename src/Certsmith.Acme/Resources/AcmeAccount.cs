using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>An ACME account (RFC 8555 §7.1.2) and its URL, which is the <c>kid</c> of every later request.</summary>
public sealed record AcmeAccount
{
    /// <summary>The account URL (the Location of newAccount).</summary>
    [JsonIgnore] public Uri Location { get; init; } = null!;

    /// <summary>valid, deactivated or revoked.</summary>
    [JsonPropertyName("status")] public AcmeStatus Status { get; init; }

    /// <summary>Contact URLs, e.g. mailto:ops@example.org.</summary>
    [JsonPropertyName("contact")] public IReadOnlyList<string> Contact { get; init => field = value ?? []; } = [];

    /// <summary>Whether the terms of service were agreed to.</summary>
    [JsonPropertyName("termsOfServiceAgreed")] public bool? TermsOfServiceAgreed { get; init; }

    /// <summary>The account's orders list URL.</summary>
    [JsonPropertyName("orders")] public Uri? Orders { get; init; }
}
