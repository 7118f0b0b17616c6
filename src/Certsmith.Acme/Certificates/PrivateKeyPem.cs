using System.Security.Cryptography;

namespace Certsmith.Acme.Certificates;

/// <summary>Reads an ECDSA or RSA private key from PEM (PKCS#8, SEC1 or PKCS#1): account and certificate keys alike.</summary>
internal static class PrivateKeyPem
{
    public static AsymmetricAlgorithm Import(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new ArgumentException("The PEM holds no usable ECDSA or RSA private key.", nameof(pem), e);
        }
    }
}
