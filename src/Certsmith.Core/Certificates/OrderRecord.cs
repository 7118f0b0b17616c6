namespace Certsmith.Core.Certificates;

/// <summary>How far an ACME order got; each step is stored before the next talks to the CA.</summary>
public enum OrderStage
{
    /// <summary>The intent is stored; the CA has not been asked yet (no order URL).</summary>
    Created,

    /// <summary>The CA created the order; its URL is stored.</summary>
    Ordered,

    /// <summary>The CSR was sent (its key is stored, encrypted); the certificate is being issued.</summary>
    Finalizing,

    /// <summary>The certificate is in the store and serving.</summary>
    Completed,

    /// <summary>The order failed; a new one will be created on the next attempt.</summary>
    Failed,
}

/// <summary>
/// One ACME order for a certificate, stored so that a restart resumes it (DESIGN.md, "order").
/// </summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="CertificateId">The certificate it is for.</param>
/// <param name="Stage">How far it got.</param>
/// <param name="OrderUrl">The CA's order URL, once created.</param>
/// <param name="ChallengeType">The challenge type used (http-01, tls-alpn-01, dns-01).</param>
/// <param name="ProtectedKey">The certificate key whose CSR was sent, encrypted; kept so a resumed download matches it.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record OrderRecord(
    Guid Id,
    Guid CertificateId,
    OrderStage Stage,
    Uri? OrderUrl,
    string ChallengeType,
    byte[]? ProtectedKey,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
