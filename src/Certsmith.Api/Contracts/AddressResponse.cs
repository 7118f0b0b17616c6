namespace Certsmith.Api.Contracts;

/// <summary>A site's address and the state of its certificate.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="SiteId">The site.</param>
/// <param name="Name">The host name (lower-case A-label).</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="CertificateId">The certificate assigned to it, or null.</param>
/// <param name="CertificateState">"pending", "valid", "failed" or "retired"; null without a certificate.</param>
/// <param name="CertificateExpectedAt">While pending or failed: when the certificate is expected (the next attempt).</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
/// <param name="CustomCertificateId">The custom certificate attached to the address (served first while valid), or null.</param>
public sealed record AddressResponse(Guid Id, Guid SiteId, string Name, DateTimeOffset CreatedAt, Guid? CertificateId, string? CertificateState, DateTimeOffset? CertificateExpectedAt, string? LastError, Guid? CustomCertificateId);
