using Certsmith.Acme.Problems;
using Certsmith.Core.Budgets;
using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Renewal;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Issuance;

/// <summary>
/// Works the durable queue: leases due work (at most <see cref="AcmeCaOptions.MaxConcurrentOrders"/> at once),
/// and for each certificate decides what is due — a first issuance, a renewal, or asking the CA's renewal
/// information — runs it, and schedules the certificate's next look (its one queue item doubles as its
/// renewal timer). Failures land on the certificate with the next attempt from the retry ladder (the CA's
/// Retry-After wins); an order the budgets do not allow waits with its expected time. One instance per node;
/// nodes share the queue through leases. <see cref="RunAsync"/> returns when its token is cancelled.
/// </summary>
public sealed partial class IssuanceProcessor(
    ICertsmithStore store,
    AcmeIssuer issuer,
    RenewalInfoPoller ari,
    IIssuanceBudget budget,
    AcmeCaOptions ca,
    IssuanceOptions options,
    IEnumerable<ICertificateChangeNotifier> notifiers,
    ICertificateLifecycle lifecycle,
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
        Task<bool>? wake = null;
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
            // One wait for the signal at a time, kept across rounds until it completes: a wait left behind when a job
            // ended first would still take the next signal, and that wake-up would be lost for up to the poll
            // interval (a wildcard requested right after the previous one was issued waited ~1 s, bench/README.md).
            wake ??= signal.WaitAsync(options.IdlePollInterval, cancellationToken);
            Task[] waits = running.Count > 0 ? [wake, Task.WhenAny(running)] : [wake];
            await Task.WhenAny(waits).ConfigureAwait(false);
            if (wake.IsCompleted)
            {
                wake = null;
            }
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Works one leased item to completion or to its next look. Never throws (except on shutdown).</summary>
    private async Task ProcessAsync(WorkItem item, CancellationToken ct)
    {
        await Task.Yield();
        var certificate = await store.Certificates.GetCertificateAsync(item.SubjectId, ct).ConfigureAwait(false);
        if (certificate is null || certificate.State == CertificateState.Retired || certificate.Kind != CertificateKind.Managed)
        {
            // Nothing to do any more: a certificate nobody uses is not renewed.
            await store.Queue.CompleteAsync(item.Id, options.NodeId, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var plan = OrderPlan.New;
        try
        {
            if (certificate.ChainPem is not null)
            {
                certificate = await ari.RefreshAsync(certificate, ct).ConfigureAwait(false);
                var now = time.GetUtcNow();
                if (now < certificate.RenewAt)
                {
                    await ScheduleNextLookAsync(item, certificate).ConfigureAwait(false);
                    return;
                }
                if (await lifecycle.ReplaceInsteadOfRenewingAsync(certificate, ct).ConfigureAwait(false))
                {
                    await store.Queue.CompleteAsync(item.Id, options.NodeId, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                plan = await ari.PlanRenewalAsync(certificate, now, ct).ConfigureAwait(false);
            }
            var issued = await issuer.IssueAsync(certificate, plan, ct).ConfigureAwait(false);
            await ScheduleNextLookAsync(item, issued).ConfigureAwait(false);
            await FollowUpAsync(issued, () => lifecycle.IssuedAsync(issued, CancellationToken.None)).ConfigureAwait(false);
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
            await FailAsync(item, certificate, plan, e).ConfigureAwait(false);
        }
    }

    /// <summary>The certificate's one queue item waits for its next renewal or renewal-information look.</summary>
    private async Task ScheduleNextLookAsync(WorkItem item, CertificateRecord certificate)
    {
        var next = certificate.RenewAt ?? time.GetUtcNow();
        if (certificate.AriNextPollAt is { } poll && poll < next)
        {
            next = poll;
        }
        await store.Queue.RescheduleAsync(item.Id, options.NodeId, next, null, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task FailAsync(WorkItem item, CertificateRecord certificate, OrderPlan plan, Exception error)
    {
        var now = time.GetUtcNow();
        var request = new BudgetRequest(certificate.Id, certificate.Names, plan.Kind, plan.Urgent);
        var (reason, retryAfter, waiting) = error switch
        {
            BudgetWaitException b => ($"Waiting for the CA's rate limits ({b.Message}); certificate expected at {b.NotBefore:u}", (DateTimeOffset?)b.NotBefore, true),
            AcmeProblemException { Kind: AcmeErrorKind.RateLimited } p => ($"The CA's rate limit: {p.Problem.Detail}", p.RetryAfter, true),
            AcmeProblemException p => ($"The CA refused: {p.Problem.Detail ?? p.Problem.ErrorName}", p.RetryAfter, false),
            AcmePendingException p => ("The CA is still working on it", p.RetryAfter, true),
            Dns.DnsChallengeException d => ($"DNS-01: {d.Message}", null, false),
            ChallengeSetupException s => (s.Message, null, false),
            AcmeException a => (a.Message, a.RetryAfter, a.Kind is AcmeErrorKind.RetryLater or AcmeErrorKind.RetryNow),
            _ => ($"Issuance failed: {error.Message}", null, false),
        };
        try
        {
            if (error is AcmeProblemException { Kind: AcmeErrorKind.RateLimited } limited)
            {
                await budget.RecordRateLimitedAsync(request, limited.RetryAfter ?? now + options.RetryLadder[^1], limited.Problem.Detail, CancellationToken.None).ConfigureAwait(false);
            }
            else if (error is AcmeProblemException { IsValidationFailure: true } invalid)
            {
                var name = invalid.Problem.Identifier?.Value is { } v && DnsName.TryParse(v.StartsWith("*.", StringComparison.Ordinal) ? v[2..] : v, out var n, out _) ? n : certificate.Names[0].BaseName;
                await budget.RecordFailedAuthorizationAsync(name, now, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogBudgetFailed(logger, certificate.Id, e);
        }

        // Waiting for a budget is not a failure: it does not climb the ladder.
        var failures = waiting && error is BudgetWaitException ? certificate.FailureCount : certificate.FailureCount + 1;
        var next = error is BudgetWaitException wait ? wait.NotBefore : RetryLadder.Next(options.RetryLadder, failures, now, retryAfter);
        LogAttemptFailed(logger, certificate.Id, next, error);
        try
        {
            // A certificate still being served stays Valid while its renewal is retried (the old one serves until the new is live).
            var state = certificate.ChainPem is not null && certificate.NotAfter > now ? CertificateState.Valid
                : waiting ? certificate.State : CertificateState.Failed;
            var stored = await store.Certificates.UpdateCertificateAsync(certificate with
            {
                State = state,
                LastError = reason,
                NextAttemptAt = next,
                FailureCount = failures,
                UpdatedAt = now,
            }, CancellationToken.None).ConfigureAwait(false);
            if (certificate.LastError != reason)
            {
                await events.RecordAsync(certificate.TenantId, certificate.Id, null, waiting ? "certificate.waiting" : "certificate.attempt-failed",
                    $"{reason}. Next attempt at {next:u}.", CancellationToken.None).ConfigureAwait(false);
            }
            await FollowUpAsync(stored, () => lifecycle.FailedAsync(stored, error, waiting, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // The record moved on (retired, or issued by another node); the queue item still gets rescheduled.
        }
        await store.Queue.RescheduleAsync(item.Id, options.NodeId, next, reason, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Runs a rule that follows an outcome; its failure is logged (the start-up reconcile repeats it), never taken for the certificate's.</summary>
    private async Task FollowUpAsync(CertificateRecord certificate, Func<Task> rule)
    {
        try
        {
            await rule().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFollowUpFailed(logger, certificate.Id, e);
        }
    }

    [LoggerMessage(EventId = 123, Level = LogLevel.Error, Message = "The rules that follow certificate {CertificateId}'s outcome failed.")]
    private static partial void LogFollowUpFailed(ILogger logger, Guid certificateId, Exception error);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Work on certificate {CertificateId} did not finish; next attempt at {Next}.")]
    private static partial void LogAttemptFailed(ILogger logger, Guid certificateId, DateTimeOffset next, Exception error);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Could not read the work queue.")]
    private static partial void LogQueueFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 122, Level = LogLevel.Error, Message = "Could not record certificate {CertificateId}'s outcome in the budgets.")]
    private static partial void LogBudgetFailed(ILogger logger, Guid certificateId, Exception error);
}
