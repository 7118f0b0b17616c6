using System.Net.Security;

namespace Certsmith.Edge.Certificates;

/// <summary>The outcome of looking up a handshake's server name in a <see cref="CertificateSnapshot"/>.</summary>
public sealed class CertificateSelection
{
    internal CertificateSelection(SelectionReason reason, ServableCertificate? certificate, SslStreamCertificateContext? defaultContext)
    {
        Reason = reason;
        Certificate = certificate;
        DefaultContext = defaultContext;
    }

    /// <summary>Which rule chose it.</summary>
    public SelectionReason Reason { get; }

    /// <summary>The stored certificate's id; null for the default certificate and for a refusal.</summary>
    public Guid? CertificateId => Certificate?.Id;

    internal ServableCertificate? Certificate { get; }

    private SslStreamCertificateContext? DefaultContext { get; }

    /// <summary>The handshake context (built on first use and cached with the certificate); null when refused.</summary>
    internal SslStreamCertificateContext? GetContext() => Certificate?.Context ?? DefaultContext;
}
