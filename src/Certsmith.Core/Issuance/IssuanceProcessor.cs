using Certsmith.Acme.Problems;
using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Issuance;

/// <summary>
/// Works the durable queue: leases due issuance work (at most <see cref="AcmeCaOptions.MaxConcurrentOrders"/>
/// at once), runs the issuer, and on failure records the reason on the certificate and reschedules on the
/// retry ladder (the CA's Retry-After wins). One instance per node; several nodes share the queue through
/// leases. <see cref="RunAsync"/> returns when its token is cancelled, after in-flight work stopped.
/// </summary>
public sealed partial class IssuanceProcessor(
    ICertsmithStore store,
    AcmeIssuer issuer,
    AcmeCaOptions ca,
    IssuanceOptions options,
    IEnumerable<ICertificateChangeNotifier> notifiers,
    IssuanceSignal signal,
    EventRecorder events,
    TimeProvider time,
    ILogger<IssuanceProcessor> logger)
{
    private readonly IReadOnlyList<ICertificateChangeNotifier> _notifiers = notifiers.ToList();

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        while (!cancellationToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            var free = ca.MaxConcurrentOrders - running.Count;
            if (free > 0)
            {
                IReadOnlyList<WorkItem> due = [];
                try
                {
                    due = await store.Queue.LeaseAsync(options.NodeId, time.GetUtcNow(), options.LeaseDuration, free, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogQueueFailed(logger, e);
                }
                foreach (var item in due)
                {
                    running.Add(ProcessAsync(item, cancellationToken));
                }
                if (due.Count > 0)
                {
                    continue;
                }
            }
            // Sleep until work is enqueued here, a running job ends (a slot frees up) or the poll interval passes.
            // (A wake-up taken by an older, abandoned wait is lost; the poll interval bounds that delay.)
            Task[] waits = running.Count > 0
                ? [signal.WaitAsync(options.IdlePollInterval, cancellationToken), Task.WhenAny(running)]
                : [signal.WaitAsync(options.IdlePollInterval, cancellationToken)];
            await Task.WhenAny(waits).ConfigureAwait(false);
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Works one leased item to completion or to its next attempt. Never throws (except on shutdown).</summary>
    private async Task ProcessAsync(WorkItem item, CancellationToken ct)
    {
        await Task.Yield();
        var certificate = await store.Certificates.GetCertificateAsync(item.SubjectId, ct).ConfigureAwait(false);
        if (certificate is null || certificate.State == CertificateState.Retired || certificate.Kind != CertificateKind.Managed
            || (certificate.State == CertificateState.Valid && certificate.NotAfter > time.GetUtcNow()))
        {
            // Nothing to do (renewal scheduling arrives with the renewal issue).
            await store.Queue.CompleteAsync(item.Id, options.NodeId, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        try
        {
            var issued = await issuer.IssueAsync(certificate, ct).ConfigureAwait(false);
            await store.Queue.CompleteAsync(item.Id, options.NodeId, CancellationToken.None).ConfigureAwait(false);
            foreach (var notifier in _notifiers)
            {
                await notifier.CertificateChangedAsync(issued.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease lapses and the stored order resumes on the next start.
        }
        catch (Exception e)
        {
            await FailAsync(item, certificate, e).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(WorkItem item, CertificateRecord certificate, Exception error)
    {
        var now = time.GetUtcNow();
        var (reason, retryAfter, waiting) = error switch
        {
            AcmeProblemException p => ($"The CA refused: {p.Problem.Detail ?? p.Problem.ErrorName}", p.RetryAfter, p.Kind is AcmeErrorKind.RateLimited),
            AcmePendingException p => ("The CA is still working on it", p.RetryAfter, true),
            AcmeException a => (a.Message, a.RetryAfter, a.Kind is AcmeErrorKind.RetryLater or AcmeErrorKind.RetryNow),
            _ => ($"Issuance failed: {error.Message}", null, false),
        };
        var failures = certificate.FailureCount + 1;
        var next = RetryLadder.Next(failures, now, retryAfter);
        LogAttemptFailed(logger, certificate.Id, next, error);
        try
        {
            // Waiting on the CA (rate limit, still processing) is not a failure of the certificate.
            await store.Certificates.UpdateCertificateAsync(certificate with
            {
                State = waiting ? certificate.State : CertificateState.Failed,
                LastError = reason,
                NextAttemptAt = next,
                FailureCount = failures,
                UpdatedAt = now,
            }, CancellationToken.None).ConfigureAwait(false);
            await events.RecordAsync(certificate.TenantId, certificate.Id, null, waiting ? "certificate.waiting" : "certificate.attempt-failed",
                $"{reason}. Next attempt at {next:u}.", CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // The record moved on (retired, or issued by another node); the queue item still gets rescheduled.
        }
        await store.Queue.RescheduleAsync(item.Id, options.NodeId, next, reason, CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Issuance of certificate {CertificateId} failed; next attempt at {Next}.")]
    private static partial void LogAttemptFailed(ILogger logger, Guid certificateId, DateTimeOffset next, Exception error);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Could not read the work queue.")]
    private static partial void LogQueueFailed(ILogger logger, Exception error);
}
