using Certsmith.Core.Certificates;
using Certsmith.Core.Dns;
using Certsmith.Core.Issuance;
using Certsmith.Core.Platform;

namespace Certsmith.Core.Policy;

/// <summary>
/// The wildcard rules at the queue's moments: a wildcard that cannot be obtained (a refused or impossible DNS update,
/// a lost CNAME, <see cref="PlatformOptions.WildcardFallbackAfterFailures"/> failed attempts — never a wait for
/// budget) gives its addresses certificates of their own while it keeps retrying; once issued, they move onto it; with
/// <see cref="PlatformOptions.MoveToWildcardAtRenewal"/>, a single name a valid wildcard covers is not renewed.
/// </summary>
public sealed class WildcardLifecycle(PolicyRunner policy, PlatformOptions options, TimeProvider time) : ICertificateLifecycle
{
    /// <inheritdoc />
    public Task<bool> ReplaceInsteadOfRenewingAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        policy.MoveToWildcardInsteadOfRenewingAsync(certificate, cancellationToken);

    /// <inheritdoc />
    public Task IssuedAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.IsWildcard ? policy.WildcardIssuedAsync(certificate, cancellationToken) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FailedAsync(CertificateRecord certificate, Exception error, bool waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // Waiting for budget is not failing; a wildcard still served with time to spare (a renewal failing) leaves
        // nobody without HTTPS — until under a sixth of its lifetime is left, when a renewal counts as urgent.
        var now = time.GetUtcNow();
        if (!certificate.IsWildcard || waiting || (certificate.IsServable(now) && !Urgent(certificate, now)))
        {
            return Task.CompletedTask;
        }
        // The wildcard cannot be obtained: at once when the set-up says so (no write access, lost CNAME); after repeated
        // validation failures; and, for passing DNS trouble (unreachable, slow to propagate), only after twice as many.
        var setup = error is ChallengeSetupException or DnsChallengeException { IsSetupFailure: true };
        var validation = error is Acme.Problems.AcmeProblemException { IsValidationFailure: true };
        var threshold = validation ? options.WildcardFallbackAfterFailures : 2 * options.WildcardFallbackAfterFailures;
        // Also when already marked: a fallback cut short (a crash, a store error) is finished by the next failure.
        return setup || certificate.FailureCount >= threshold
            ? policy.FallBackAsync(certificate.Id, certificate.LastError ?? error.Message, cancellationToken)
            : Task.CompletedTask;
    }

    private static bool Urgent(CertificateRecord certificate, DateTimeOffset now) =>
        certificate is { NotBefore: { } from, NotAfter: { } to } && to - now < (to - from) / 6;
}
