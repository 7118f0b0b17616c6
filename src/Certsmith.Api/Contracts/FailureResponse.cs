namespace Certsmith.Api.Contracts;

/// <summary>A failing certificate of some tenant (the platform admin's failures view).</summary>
/// <param name="Certificate">The certificate (never its key): lastError says why, nextAttemptAt when it is tried again.</param>
/// <param name="TenantId">Whose it is.</param>
/// <param name="TenantName">That tenant's name.</param>
public sealed record FailureResponse(CertificateResponse Certificate, Guid TenantId, string TenantName);
