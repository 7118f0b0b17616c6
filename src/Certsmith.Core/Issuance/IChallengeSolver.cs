using Certsmith.Acme.Resources;

namespace Certsmith.Core.Issuance;

/// <summary>
/// Publishes and withdraws the answer to one kind of challenge. Implementations are thread-safe and their
/// clean-up is idempotent (it runs also after a failed or interrupted validation).
/// </summary>
public interface IChallengeSolver
{
    /// <summary>The challenge type it answers (http-01, tls-alpn-01, dns-01).</summary>
    string ChallengeType { get; }

    /// <summary>Whether it can answer for this authorization (e.g. DNS-01 only in a hosted zone).</summary>
    bool CanSolve(AcmeAuthorization authorization);

    /// <summary>Makes the answer visible to the CA.</summary>
    Task PresentAsync(AcmeAuthorization authorization, AcmeChallenge challenge, string keyAuthorization, CancellationToken cancellationToken);

    /// <summary>Withdraws it.</summary>
    Task CleanUpAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken);
}
