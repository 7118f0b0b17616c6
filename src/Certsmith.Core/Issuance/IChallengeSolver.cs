using Certsmith.Acme.Resources;
using Certsmith.Core.Names;

namespace Certsmith.Core.Issuance;

/// <summary>
/// Publishes and withdraws the answer to one kind of challenge. Implementations are thread-safe and their
/// clean-up is idempotent (it runs also after a failed or interrupted validation).
/// </summary>
public interface IChallengeSolver
{
    /// <summary>The challenge type it answers (http-01, tls-alpn-01, dns-01).</summary>
    string ChallengeType { get; }

    /// <summary>
    /// Whether it can prove <paramref name="name"/> (a host name or a <c>*.parent</c> wildcard) for the tenant:
    /// HTTP-01 and TLS-ALPN-01 any host name, never a wildcard; DNS-01 wildcards and names in the tenant's hosted zones.
    /// </summary>
    ValueTask<bool> CanSolveAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken);

    /// <summary>
    /// Checks, before an order is placed (and rate-limit budget spent), that it will be able to publish the answer
    /// for <paramref name="name"/> — DNS-01: that the platform may write the zone. Throws a clear error when not.
    /// </summary>
    Task CheckReadyAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken);

    /// <summary>Makes the answer visible to the CA.</summary>
    Task PresentAsync(AcmeAuthorization authorization, AcmeChallenge challenge, string keyAuthorization, CancellationToken cancellationToken);

    /// <summary>Withdraws it.</summary>
    Task CleanUpAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken);
}
