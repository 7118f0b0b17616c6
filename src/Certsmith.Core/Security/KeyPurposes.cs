namespace Certsmith.Core.Security;

/// <summary>The purpose strings private keys are protected under (<see cref="IKeyProtector"/>): one per use, so rows cannot be swapped.</summary>
public static class KeyPurposes
{
    /// <summary>The private key of a certificate record.</summary>
    public static string Certificate(Guid certificateId) => $"certificate-key:{certificateId:N}";

    /// <summary>The certificate key of an order in flight (CSR sent, certificate not yet stored).</summary>
    public static string Order(Guid orderId) => $"order-key:{orderId:N}";

    /// <summary>The ACME account key for a CA.</summary>
    public static string Account(Uri directoryUrl) => $"acme-account-key:{directoryUrl.AbsoluteUri}";

    /// <summary>The key of a TLS-ALPN-01 validation certificate, bound to the server name it answers for.</summary>
    public static string TlsAlpnChallenge(string serverName) => $"tls-alpn-01-key:{serverName}";

    /// <summary>The keys of the panel's key ring (they sign session cookies and antiforgery tokens).</summary>
    public const string PanelKeyRing = "panel-key-ring";
}
