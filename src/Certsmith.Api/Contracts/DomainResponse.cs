namespace Certsmith.Api.Contracts;

/// <summary>A domain the tenant holds.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">The name (lower-case A-label).</param>
/// <param name="Kind">"hostedZone" or "external".</param>
/// <param name="State">"pending" or "proven".</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="Verification">For an external domain, the TXT record to publish; null otherwise and in lists.</param>
/// <param name="CheckedAt">When the platform last checked the proof in DNS.</param>
/// <param name="CheckError">Why that check did not prove it (what to publish or fix); null once proven.</param>
public sealed record DomainResponse(Guid Id, string Name, string Kind, string State, DateTimeOffset CreatedAt, DomainVerificationResponse? Verification, DateTimeOffset? CheckedAt, string? CheckError);
