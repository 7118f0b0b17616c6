using System.Security.Cryptography;

namespace Certsmith.Acme.Certificates;

/// <summary>The private key of a certificate: generated fresh for each certificate, or given.</summary>
public sealed class CertificateKey : IDisposable
{
    private CertificateKey(AsymmetricAlgorithm key, CertificateKeyAlgorithm algorithm)
    {
        Key = key;
        Algorithm = algorithm;
    }

    /// <summary>The key type.</summary>
    public CertificateKeyAlgorithm Algorithm { get; }

    /// <summary>The key (an <see cref="ECDsa"/> or <see cref="RSA"/>).</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>Generates a new key.</summary>
    public static CertificateKey Generate(CertificateKeyAlgorithm algorithm = CertificateKeyAlgorithm.EcdsaP256) => algorithm switch
    {
        CertificateKeyAlgorithm.EcdsaP256 => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), algorithm),
        CertificateKeyAlgorithm.EcdsaP384 => new(ECDsa.Create(ECCurve.NamedCurves.nistP384), algorithm),
        CertificateKeyAlgorithm.Rsa2048 => new(RSA.Create(2048), algorithm),
        CertificateKeyAlgorithm.Rsa3072 => new(RSA.Create(3072), algorithm),
        CertificateKeyAlgorithm.Rsa4096 => new(RSA.Create(4096), algorithm),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    /// <summary>Takes ownership of an existing ECDSA (P-256, P-384) or RSA (2048, 3072, 4096) key.</summary>
    public static CertificateKey FromKey(AsymmetricAlgorithm key) => key switch
    {
        ECDsa { KeySize: 256 } => new(key, CertificateKeyAlgorithm.EcdsaP256),
        ECDsa { KeySize: 384 } => new(key, CertificateKeyAlgorithm.EcdsaP384),
        RSA { KeySize: 2048 } => new(key, CertificateKeyAlgorithm.Rsa2048),
        RSA { KeySize: 3072 } => new(key, CertificateKeyAlgorithm.Rsa3072),
        RSA { KeySize: 4096 } => new(key, CertificateKeyAlgorithm.Rsa4096),
        _ => throw new ArgumentException("Certificate keys are ECDSA P-256/P-384 or RSA 2048/3072/4096.", nameof(key)),
    };

    /// <summary>Loads a private key from PEM (PKCS#8, SEC1 or PKCS#1).</summary>
    public static CertificateKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = PrivateKeyPem.Import(pem);
        try
        {
            return FromKey(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The private key as PKCS#8 PEM, for the caller to store (encrypted).</summary>
    public string ExportPrivateKeyPem() => Key switch
    {
        ECDsa ec => ec.ExportPkcs8PrivateKeyPem(),
        RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
        _ => throw new InvalidOperationException("Unsupported key."),
    };

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
