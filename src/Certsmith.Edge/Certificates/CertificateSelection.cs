namespace Certsmith.Edge.Certificates;

/// <summary>The outcome of looking up a handshake's server name in a <see cref="CertificateSnapshot"/>.</summary>
public sealed class CertificateSelection
{
    internal CertificateSelection(SelectionReason reason, ServableCertificate? certificate)
    {
        Reason = reason;
        Certificate = certificate;
    }

    /// <summary>Which rule chose it.</summary>
    public SelectionReason Reason { get; }

    /// <summary>The stored certificate's id; null for the default certificate and for a refusal.</summary>
    public Guid? CertificateId => Certificate?.Id;

    internal ServableCertificate? Certificate { get; }
}
