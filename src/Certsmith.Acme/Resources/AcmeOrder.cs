using System.Text.Json.Serialization;
using Certsmith.Acme.Problems;

namespace Certsmith.Acme.Resources;

/// <summary>An ACME order (RFC 8555 §7.1.3), with <c>replaces</c> (RFC 9773 §5) and <c>profile</c>.</summary>
public sealed record AcmeOrder
{
    /// <summary>The order URL (the Location of newOrder); store it to resume the order after a restart.</summary>
    [JsonIgnore] public Uri Location { get; init; } = null!;

    /// <summary>When the CA last said to poll again (Retry-After on this answer), if it did.</summary>
    [JsonIgnore] public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>pending, ready, processing, valid or invalid.</summary>
    [JsonPropertyName("status")] public AcmeStatus Status { get; init; }

    /// <summary>When the CA will drop the order if not finalized.</summary>
    [JsonPropertyName("expires")] public DateTimeOffset? Expires { get; init; }

    /// <summary>The identifiers the certificate will name.</summary>
    [JsonPropertyName("identifiers")] public IReadOnlyList<AcmeIdentifier> Identifiers { get; init => field = value ?? []; } = [];

    /// <summary>Requested start of validity.</summary>
    [JsonPropertyName("notBefore")] public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Requested end of validity.</summary>
    [JsonPropertyName("notAfter")] public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Why the order became invalid.</summary>
    [JsonPropertyName("error")] public AcmeProblem? Error { get; init; }

    /// <summary>One authorization URL per identifier.</summary>
    [JsonPropertyName("authorizations")] public IReadOnlyList<Uri> Authorizations { get; init => field = value ?? []; } = [];

    /// <summary>Where the CSR goes once the order is ready.</summary>
    [JsonPropertyName("finalize")] public Uri Finalize { get; init; } = null!;

    /// <summary>Where the certificate is once the order is valid.</summary>
    [JsonPropertyName("certificate")] public Uri? Certificate { get; init; }

    /// <summary>The certificate profile the CA applies (ACME profiles draft §4).</summary>
    [JsonPropertyName("profile")] public string? Profile { get; init; }

    /// <summary>The ARI identifier of the certificate this order replaces (RFC 9773 §5).</summary>
    [JsonPropertyName("replaces")] public string? Replaces { get; init; }
}
