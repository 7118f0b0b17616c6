using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Resources;
using Certsmith.Core.Security;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Issuance;

/// <summary>
/// TLS-ALPN-01 (RFC 8737) answered by the edge from the store, so whichever node the CA reaches answers
/// (certmagic's distributed solver): the validation certificate with its key encrypted by the master key.
/// The edge serves it only to clients offering <c>acme-tls/1</c>. Stored answers expire on their own after a
/// day in case clean-up never runs. Thread-safe.
/// </summary>
public sealed class TlsAlpn01Solver(IAcmeStateStore store, IKeyProtector keys, TimeProvider time) : IChallengeSolver
{
    private static readonly TimeSpan AnswerLifetime = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public string ChallengeType => AcmeChallenge.TlsAlpn01;

    /// <inheritdoc />
    /// <remarks>RFC 8737 §3: not for wildcard names.</remarks>
    public ValueTask<bool> CanSolveAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) => ValueTask.FromResult(!name.IsWildcard);

    /// <inheritdoc />
    public Task CheckReadyAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PresentAsync(AcmeAuthorization authorization, AcmeChallenge challenge, string keyAuthorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(challenge);
        var serverName = ServerName(authorization);
        using var certificate = TlsAlpn01.CreateCertificate(authorization.Identifier, keyAuthorization, time);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The TLS-ALPN-01 certificate came without its key.");
        var keyPem = Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem());
        try
        {
            var answer = new TlsAlpnChallenge(
                serverName,
                challenge.Token!,
                certificate.ExportCertificatePem(),
                keys.Protect(keyPem, KeyPurposes.TlsAlpnChallenge(serverName)),
                time.GetUtcNow() + AnswerLifetime);
            return store.PutTlsAlpnChallengeAsync(answer, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyPem);
        }
    }

    /// <inheritdoc />
    public Task CleanUpAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(challenge);
        return store.RemoveTlsAlpnChallengeAsync(ServerName(authorization), challenge.Token!, cancellationToken);
    }

    /// <summary>The SNI the CA will send, as the edge looks it up (lower-case; RFC 8738 §6 reverse name for an IP).</summary>
    private static string ServerName(AcmeAuthorization authorization) =>
        TlsAlpn01.ServerName(authorization.Identifier).ToLowerInvariant();
}
