using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Acme.Resources;

/// <summary>A downloaded certificate chain (RFC 8555 §7.4.2): leaf first, then the issuers as the CA sent them.</summary>
public sealed record AcmeCertificateChain
{
    /// <summary>The URL it was downloaded from.</summary>
    public required Uri Url { get; init; }

    /// <summary>The chain as PEM (application/pem-certificate-chain), exactly as the CA sent it.</summary>
    public required string Pem { get; init; }

    /// <summary>The parsed certificates, leaf first.</summary>
    public required IReadOnlyList<X509Certificate2> Certificates { get; init; }

    /// <summary>Other chains for the same certificate (<c>Link: rel="alternate"</c>, §7.4.2).</summary>
    public IReadOnlyList<Uri> AlternateUrls { get; init; } = [];

    /// <summary>The end-entity certificate.</summary>
    public X509Certificate2 Leaf => Certificates[0];

    /// <summary>The issuer name of the chain's last certificate, to choose between alternate chains.</summary>
    public string TopIssuer => Certificates[^1].Issuer;
}
