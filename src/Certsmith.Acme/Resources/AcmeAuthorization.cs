using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>An authorization (RFC 8555 §7.1.4): proof of control of one identifier.</summary>
public sealed record AcmeAuthorization
{
    /// <summary>The authorization URL.</summary>
    [JsonIgnore] public Uri Location { get; init; } = null!;

    /// <summary>When the CA last said to poll again (Retry-After on this answer), if it did.</summary>
    [JsonIgnore] public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>The identifier (without "*." for a wildcard; see <see cref="Wildcard"/>).</summary>
    [JsonPropertyName("identifier")] public AcmeIdentifier Identifier { get; init; } = null!;

    /// <summary>pending, valid, invalid, deactivated, expired or revoked.</summary>
    [JsonPropertyName("status")] public AcmeStatus Status { get; init; }

    /// <summary>When the authorization stops counting.</summary>
    [JsonPropertyName("expires")] public DateTimeOffset? Expires { get; init; }

    /// <summary>The ways the CA offers to prove control.</summary>
    [JsonPropertyName("challenges")] public IReadOnlyList<AcmeChallenge> Challenges { get; init => field = value ?? []; } = [];

    /// <summary>Whether this authorizes the wildcard of <see cref="Identifier"/> (§7.1.4).</summary>
    [JsonPropertyName("wildcard")] public bool Wildcard { get; init; }

    /// <summary>The challenge of the given type (<see cref="AcmeChallenge.Http01"/>, ...), or null when not offered.</summary>
    public AcmeChallenge? FindChallenge(string type) => Challenges.FirstOrDefault(c => c.Type == type);
}
