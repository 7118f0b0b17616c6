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
        // A wildcard still served (a renewal failing) leaves nobody without HTTPS; waiting for budget is not failing.
        if (!certificate.IsWildcard || waiting || certificate.Unobtainable || certificate.IsServable(time.GetUtcNow()))
        {
            return Task.CompletedTask;
        }
        var setup = error is ChallengeSetupException or DnsChallengeException { IsSetupFailure: true };
        return setup || certificate.FailureCount >= options.WildcardFallbackAfterFailures
            ? policy.FallBackAsync(certificate.Id, certificate.LastError ?? error.Message, cancellationToken)
            : Task.CompletedTask;
    }
}
