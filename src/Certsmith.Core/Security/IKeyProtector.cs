namespace Certsmith.Core.Security;

/// <summary>
/// Encrypts private keys (certificate and account keys) for storage, with the platform's master key.
/// The data directory alone exposes no key. Thread-safe.
/// </summary>
public interface IKeyProtector
{
    /// <summary>Encrypts (authenticated) a secret; <paramref name="purpose"/> binds it to its use, e.g. a certificate id.</summary>
    byte[] Protect(ReadOnlySpan<byte> secret, string purpose);

    /// <summary>Decrypts what <see cref="Protect"/> produced for the same purpose; throws <see cref="System.Security.Cryptography.CryptographicException"/> when tampered with or wrong.</summary>
    byte[] Unprotect(ReadOnlySpan<byte> protectedSecret, string purpose);
}
