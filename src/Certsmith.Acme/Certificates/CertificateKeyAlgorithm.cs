namespace Certsmith.Acme.Certificates;

/// <summary>The key types a certificate can be ordered with.</summary>
public enum CertificateKeyAlgorithm
{
    /// <summary>ECDSA on P-256: the default; small and fast in handshakes.</summary>
    EcdsaP256,

    /// <summary>ECDSA on P-384.</summary>
    EcdsaP384,

    /// <summary>RSA 2048 bits, for old clients.</summary>
    Rsa2048,

    /// <summary>RSA 3072 bits.</summary>
    Rsa3072,

    /// <summary>RSA 4096 bits.</summary>
    Rsa4096,
}
