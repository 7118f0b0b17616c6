using System.Security.Cryptography;
using System.Text;

namespace Certsmith.Core.Security;

/// <summary>
/// AES-256-GCM with the master key; the purpose string is the associated data, so a key stored for one
/// certificate cannot be swapped into another's row. Format: version byte (1), 12-byte nonce, 16-byte tag,
/// ciphertext. Thread-safe (a fresh <see cref="AesGcm"/> per call is cheap next to the work it protects).
/// </summary>
public sealed class MasterKeyProtector : IKeyProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    /// <summary>Creates the protector from a 32-byte master key.</summary>
    public MasterKeyProtector(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key is 32 bytes (AES-256).", nameof(masterKey));
        }
        _key = masterKey.ToArray();
    }

    /// <inheritdoc />
    public byte[] Protect(ReadOnlySpan<byte> secret, string purpose)
    {
        var output = new byte[1 + NonceSize + TagSize + secret.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, secret, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <inheritdoc />
    public byte[] Unprotect(ReadOnlySpan<byte> protectedSecret, string purpose)
    {
        if (protectedSecret.Length < 1 + NonceSize + TagSize || protectedSecret[0] != FormatVersion)
        {
            throw new CryptographicException("The protected key is not in a format this version can read.");
        }
        var plain = new byte[protectedSecret.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedSecret.Slice(1, NonceSize), protectedSecret[(1 + NonceSize + TagSize)..], protectedSecret.Slice(1 + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(purpose));
        return plain;
    }
}
