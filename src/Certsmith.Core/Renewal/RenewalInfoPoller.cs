using Certsmith.Acme.Problems;
using Certsmith.Core.Budgets;
using Certsmith.Core.Certificates;
using Certsmith.Core.Issuance;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Renewal;

/// <summary>
/// Keeps a certificate's renewal moment in step with the CA's renewal information (RFC 9773) when the CA
/// serves it: asks about twice a day and as its Retry-After says, picks a random moment in the window, and
/// notices a window moved earlier (e.g. before a mass revocation). Without ARI the planned moment stays.
/// Thread-safe.
/// </summary>
public sealed partial class RenewalInfoPoller(
    ICertsmithStore store, AcmeAccountProvider accounts, RenewalPlanner planner, EventRecorder events, TimeProvider time, ILogger<RenewalInfoPoller> logger)
{
    /// <summary>DESIGN.md: renewal information is asked about twice a day, sooner when the CA says so.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(12);

    /// <summary>After a failed look the planned moment stands and the CA is asked again an hour later.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromHours(1);

    /// <summary>Asks the CA when due and stores the new plan; returns the certificate as stored.</summary>
    public async Task<CertificateRecord> RefreshAsync(CertificateRecord certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = time.GetUtcNow();
        if (certificate.AriCertificateId is not { } id || certificate.AriNextPollAt is not { } due || due > now)
        {
            return certificate.RenewAt is null && certificate is { NotBefore: { } nb, NotAfter: { } na }
                ? await store.Certificates.UpdateCertificateAsync(certificate with { RenewAt = planner.FromLifetime(nb, na), UpdatedAt = now }, cancellationToken).ConfigureAwait(false)
                : certificate;
        }
        var client = await accounts.GetClientAsync(cancellationToken).ConfigureAwait(false);
        Acme.Resources.RenewalInfo? info;
        try
        {
            info = await client.GetRenewalInfoAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (AcmeException e)
        {
            LogLookFailed(logger, certificate.Id, e);
            return await store.Certificates.UpdateCertificateAsync(certificate with { AriNextPollAt = now + RetryAfterFailure, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        }
        if (info is null)
        {
            // The CA does not serve ARI: the lifetime-based moment stands, and we stop asking.
            return await store.Certificates.UpdateCertificateAsync(certificate with { AriNextPollAt = null, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        }
        var window = info.SuggestedWindow;
        var renewAt = certificate.RenewAt is { } planned && planned >= window.Start && planned <= window.End ? planned : planner.FromWindow(info, now);
        var nextPoll = info.NextPoll - now > MaxPollInterval ? now + MaxPollInterval : info.NextPoll;
        if (certificate.RenewAt is { } before && renewAt < before - TimeSpan.FromMinutes(1))
        {
            var why = info.ExplanationUrl is { } url ? $" ({url})" : "";
            await events.RecordAsync(certificate.TenantId, certificate.Id, null, "renewal.moved",
                $"The CA suggests renewing between {window.Start:u} and {window.End:u}{why}: renewal moved to {renewAt:u}.", cancellationToken).ConfigureAwait(false);
        }
        return await store.Certificates.UpdateCertificateAsync(certificate with { RenewAt = renewAt, AriNextPollAt = nextPoll, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How the renewal order is counted: with <c>replaces</c> when the CA serves ARI (exempt from Let's Encrypt's limits).</summary>
    public async Task<OrderPlan> PlanRenewalAsync(CertificateRecord certificate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var urgent = RenewalPlanner.IsUrgent(certificate, now);
        if (certificate.AriCertificateId is { } id)
        {
            var client = await accounts.GetClientAsync(cancellationToken).ConfigureAwait(false);
            var directory = await client.GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
            if (directory.RenewalInfo is not null)
            {
                return new OrderPlan(OrderKind.AriRenewal, id, urgent);
            }
        }
        return new OrderPlan(OrderKind.Renewal, null, urgent);
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Could not read the CA's renewal information for certificate {CertificateId}; the planned renewal stands.")]
    private static partial void LogLookFailed(ILogger logger, Guid certificateId, Exception error);
}
