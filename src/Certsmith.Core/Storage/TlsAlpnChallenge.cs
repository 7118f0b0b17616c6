namespace Certsmith.Core.Storage;

/// <summary>
/// A TLS-ALPN-01 validation certificate (RFC 8737 §3) the edge serves to a client offering <c>acme-tls/1</c>;
/// stored so that whichever node the CA reaches answers. Its key is encrypted by the master key under
/// <see cref="Security.KeyPurposes.TlsAlpnChallenge"/>.
/// </summary>
/// <param name="ServerName">The SNI the CA sends (RFC 8737 §3, RFC 8738 §6): lower-case, no trailing dot.</param>
/// <param name="Token">The challenge token, so withdrawing one challenge never removes a newer one for the same name.</param>
/// <param name="CertificatePem">The self-signed certificate (public).</param>
/// <param name="ProtectedKey">Its private key (PKCS#8 PEM), encrypted.</param>
/// <param name="ExpiresAt">When it may be forgotten.</param>
public sealed record TlsAlpnChallenge(string ServerName, string Token, string CertificatePem, byte[] ProtectedKey, DateTimeOffset ExpiresAt)
{
    /// <summary>Value equality including the key bytes (records compare arrays by reference).</summary>
    public bool Equals(TlsAlpnChallenge? other) =>
        other is not null
        && ServerName == other.ServerName
        && Token == other.Token
        && CertificatePem == other.CertificatePem
        && ProtectedKey.AsSpan().SequenceEqual(other.ProtectedKey)
        && ExpiresAt == other.ExpiresAt;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ServerName, Token, ExpiresAt);
}
