using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Certsmith.Acme.Jws;

/// <summary>
/// A key that signs ACME requests (RFC 8555 §6.2): the account key, or a certificate's key when it
/// revokes its own certificate (§7.6). ES256, ES384 and RS256. Its public JWK and RFC 7638 thumbprint
/// are computed once. Thread-safe: signing is stateless.
/// </summary>
public sealed class AcmeKey : IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly bool _ownsKey;

    private AcmeKey(AsymmetricAlgorithm key, bool ownsKey)
    {
        _key = key;
        _ownsKey = ownsKey;
        (Algorithm, JwkJson) = key switch
        {
            ECDsa ec => DescribeEc(ec),
            RSA rsa => DescribeRsa(rsa),
            _ => throw new ArgumentException("An ACME key is ECDSA (P-256, P-384) or RSA.", nameof(key)),
        };
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(JwkJson));
    }

    /// <summary>The JWS algorithm: ES256, ES384 or RS256.</summary>
    public string Algorithm { get; }

    /// <summary>The RFC 7638 JWK thumbprint (SHA-256, base64url), as used in key authorizations (§8.1).</summary>
    public string Thumbprint { get; }

    /// <summary>The public JWK with only the required members in lexicographic order (RFC 7638 §3.2), UTF-8.</summary>
    internal byte[] JwkJson { get; }

    /// <summary>The public JWK as JSON text.</summary>
    public string PublicJwk => Encoding.UTF8.GetString(JwkJson);

    /// <summary>A new ECDSA P-256 key (ES256), the default for accounts.</summary>
    public static AcmeKey CreateEs256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), ownsKey: true);

    /// <summary>A new ECDSA P-384 key (ES384).</summary>
    public static AcmeKey CreateEs384() => new(ECDsa.Create(ECCurve.NamedCurves.nistP384), ownsKey: true);

    /// <summary>A new RSA key (RS256); 2048 bits or more.</summary>
    public static AcmeKey CreateRs256(int bits = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2048);
        return new(RSA.Create(bits), ownsKey: true);
    }

    /// <summary>Loads a private key from PEM (PKCS#8, SEC1 or PKCS#1).</summary>
    public static AcmeKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        return new(Certificates.PrivateKeyPem.Import(pem), ownsKey: true);
    }

    /// <summary>Wraps a key the caller owns (e.g. a certificate's key to revoke its certificate); not disposed with this.</summary>
    public static AcmeKey FromKey(AsymmetricAlgorithm key) => new(key, ownsKey: false);

    /// <summary>The private key as PKCS#8 PEM, for the caller to store (encrypted).</summary>
    public string ExportPrivateKeyPem() => _key switch
    {
        ECDsa ec => ec.ExportPkcs8PrivateKeyPem(),
        RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
        _ => throw new InvalidOperationException("Unsupported key."),
    };

    /// <summary>The key authorization for a challenge token (RFC 8555 §8.1): token "." thumbprint.</summary>
    public string GetKeyAuthorization(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return string.Concat(token, ".", Thumbprint);
    }

    /// <summary>Signs data with this key's JWS algorithm (ECDSA signatures in JWS form r||s, RFC 7518 §3.4).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data) => _key switch
    {
        ECDsa ec => ec.SignData(data, Algorithm == "ES384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        RSA rsa => rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new InvalidOperationException("Unsupported key."),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }

    private static (string Alg, byte[] Jwk) DescribeEc(ECDsa ec)
    {
        var p = ec.ExportParameters(includePrivateParameters: false);
        var (alg, crv) = ec.KeySize switch
        {
            256 => ("ES256", "P-256"),
            384 => ("ES384", "P-384"),
            _ => throw new ArgumentException("ECDSA account keys are P-256 or P-384.", nameof(ec)),
        };
        return (alg, WriteJwk(w =>
        {
            w.WriteString("crv", crv);
            w.WriteString("kty", "EC");
            w.WriteString("x", Base64Url.EncodeToString(p.Q.X));
            w.WriteString("y", Base64Url.EncodeToString(p.Q.Y));
        }));
    }

    private static (string Alg, byte[] Jwk) DescribeRsa(RSA rsa)
    {
        if (rsa.KeySize < 2048)
        {
            throw new ArgumentException("RSA keys are at least 2048 bits.", nameof(rsa));
        }
        var p = rsa.ExportParameters(includePrivateParameters: false);
        return ("RS256", WriteJwk(w =>
        {
            w.WriteString("e", Base64Url.EncodeToString(p.Exponent));
            w.WriteString("kty", "RSA");
            w.WriteString("n", Base64Url.EncodeToString(p.Modulus));
        }));
    }

    private static byte[] WriteJwk(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
