namespace Certsmith.Api.Contracts;

/// <summary>An external domain's delegation of <c>_acme-challenge.&lt;parent&gt;</c> to the platform, for wildcards.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Parent">The parent name whose wildcard it enables.</param>
/// <param name="RecordName">The name to create in the tenant's DNS.</param>
/// <param name="RecordType">Always "CNAME".</param>
/// <param name="Target">What it must point to (in the platform's challenge zone).</param>
/// <param name="Verified">Whether the platform saw the record in place.</param>
/// <param name="CheckedAt">When it last looked.</param>
/// <param name="CheckError">What it found instead; null once verified.</param>
/// <param name="CreatedAt">When it was asked for.</param>
public sealed record DelegationResponse(Guid Id, string Parent, string RecordName, string RecordType, string Target, bool Verified, DateTimeOffset? CheckedAt, string? CheckError, DateTimeOffset CreatedAt);
