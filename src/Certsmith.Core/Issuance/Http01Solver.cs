using Certsmith.Acme.Resources;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Issuance;

/// <summary>
/// HTTP-01 (RFC 8555 §8.3) answered by the edge from the store, so whichever node the CA reaches answers
/// (certmagic's distributed solver). Answers expire on their own after a day in case clean-up never runs.
/// </summary>
public sealed class Http01Solver(IAcmeStateStore store, TimeProvider time) : IChallengeSolver
{
    private static readonly TimeSpan AnswerLifetime = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public string ChallengeType => AcmeChallenge.Http01;

    /// <inheritdoc />
    public ValueTask<bool> CanSolveAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) => ValueTask.FromResult(!name.IsWildcard);

    /// <inheritdoc />
    public Task CheckReadyAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PresentAsync(AcmeAuthorization authorization, AcmeChallenge challenge, string keyAuthorization, CancellationToken cancellationToken) =>
        store.PutChallengeAnswerAsync(new ChallengeAnswer(challenge.Token!, keyAuthorization, time.GetUtcNow() + AnswerLifetime), cancellationToken);

    /// <inheritdoc />
    public Task CleanUpAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken) =>
        store.RemoveChallengeAnswerAsync(challenge.Token!, cancellationToken);
}
