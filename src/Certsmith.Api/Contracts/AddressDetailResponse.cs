namespace Certsmith.Api.Contracts;

/// <summary>An address, its certificate and its history.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">The host name (lower-case A-label).</param>
/// <param name="SiteId">The site.</param>
/// <param name="SiteName">The site's name.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="CertificateId">The certificate assigned to it, or null.</param>
/// <param name="CertificateState">"pending", "valid", "failed" or "retired"; null without a certificate.</param>
/// <param name="CertificateExpectedAt">While pending or failed: when the certificate is expected (the next attempt).</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
/// <param name="Events">Its history, oldest first.</param>
public sealed record AddressDetailResponse(Guid Id, string Name, Guid SiteId, string SiteName, DateTimeOffset CreatedAt, Guid? CertificateId, string? CertificateState, DateTimeOffset? CertificateExpectedAt, string? LastError, IReadOnlyList<EventResponse> Events);
