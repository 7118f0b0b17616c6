using Certsmith.Core.Certificates;

namespace Certsmith.Core.Issuance;

/// <summary>
/// The rules that look beyond one certificate at the moments the issuance queue reaches (DESIGN.md, "What to
/// order"): a renewal that a wildcard makes unnecessary, a wildcard issued, a wildcard that cannot be obtained.
/// </summary>
public interface ICertificateLifecycle
{
    /// <summary>Before renewing: true when the certificate was retired instead (its addresses moved to a wildcard).</summary>
    Task<bool> ReplaceInsteadOfRenewingAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>After a certificate was issued and stored.</summary>
    Task IssuedAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>After an attempt failed and the failure was stored (<paramref name="certificate"/> as stored, with its failure count).</summary>
    Task FailedAsync(CertificateRecord certificate, Exception error, bool waiting, CancellationToken cancellationToken);
}
