using Certsmith.Acme.Resources;

namespace Certsmith.Acme;

/// <summary>What to order (RFC 8555 §7.4; <c>replaces</c> RFC 9773 §5; <c>profile</c> ACME profiles draft).</summary>
public sealed record NewOrderRequest
{
    /// <summary>The names (and addresses) the certificate will hold.</summary>
    public required IReadOnlyList<AcmeIdentifier> Identifiers { get; init; }

    /// <summary>Requested start of validity; most CAs ignore or refuse it.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Requested end of validity; most CAs ignore or refuse it.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>A profile named in the directory's <c>meta.profiles</c>.</summary>
    public string? Profile { get; init; }

    /// <summary>The ARI identifier (<see cref="Ari.AriCertificateId"/>) of the certificate this renews.</summary>
    public string? Replaces { get; init; }
}
