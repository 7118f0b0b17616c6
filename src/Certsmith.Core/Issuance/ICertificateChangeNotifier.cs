namespace Certsmith.Core.Issuance;

/// <summary>Told when a certificate was stored, so the edge can swap it in at once instead of at its next poll.</summary>
public interface ICertificateChangeNotifier
{
    /// <summary>A certificate changed in the store.</summary>
    Task CertificateChangedAsync(Guid certificateId, CancellationToken cancellationToken);
}
