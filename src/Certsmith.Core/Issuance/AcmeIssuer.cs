using System.Text;
using Certsmith.Acme;
using Certsmith.Acme.Ari;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Issuance;

/// <summary>
/// Takes one managed certificate through an ACME order (target → order → validate → CSR → store), storing
/// each step before the next talks to the CA, so a process killed anywhere resumes the stored order instead
/// of starting another. Thread-safe; the queue guarantees one run per certificate at a time.
/// </summary>
public sealed partial class AcmeIssuer(
    ICertsmithStore store,
    IKeyProtector keys,
    AcmeAccountProvider accounts,
    IEnumerable<IChallengeSolver> solvers,
    Budgets.IIssuanceBudget budget,
    Renewal.RenewalPlanner renewals,
    IFaultInjector faults,
    PlatformOptions options,
    EventRecorder events,
    TimeProvider time,
    ILogger<AcmeIssuer> logger)
{
    /// <summary>Clean-up (withdrawing a challenge answer) gets its own time, not the caller's cancelled token.</summary>
    private static readonly TimeSpan CleanUpTimeout = TimeSpan.FromSeconds(10);

    private readonly List<IChallengeSolver> _solvers = solvers.ToList();

    /// <summary>Obtains a first certificate for new names and stores it.</summary>
    public Task<CertificateRecord> IssueAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        IssueAsync(certificate, OrderPlan.New, cancellationToken);

    /// <summary>
    /// Obtains the certificate and stores it; throws an <see cref="AcmeException"/> (or a store/crypto error) when
    /// it cannot, and a <see cref="BudgetWaitException"/> when a new order would exceed one of the CA's limits.
    /// </summary>
    public async Task<CertificateRecord> IssueAsync(CertificateRecord certificate, OrderPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(plan);
        var client = await accounts.GetClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await IssueWithAsync(client, certificate, plan, cancellationToken).ConfigureAwait(false);
        }
        catch (AcmeProblemException e) when (e.Problem.Is(AcmeErrorTypes.AccountDoesNotExist))
        {
            var renewed = await accounts.AccountLostAsync(client, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException(accounts.BlockedReason, e);
            // The old account's orders died with it.
            if (await store.Certificates.GetOpenOrderAsync(certificate.Id, cancellationToken).ConfigureAwait(false) is { } stale)
            {
                await FailOrderAsync(stale, "the CA forgot the account", cancellationToken).ConfigureAwait(false);
            }
            return await IssueWithAsync(renewed, certificate, plan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CertificateRecord> IssueWithAsync(AcmeClient client, CertificateRecord certificate, OrderPlan plan, CancellationToken ct)
    {
        var (record, order) = await ResumeOrCreateOrderAsync(client, certificate, plan, ct).ConfigureAwait(false);
        if (order.Status == AcmeStatus.Pending)
        {
            foreach (var url in order.Authorizations)
            {
                await AuthorizeAsync(client, certificate.TenantId, url, ct).ConfigureAwait(false);
            }
        }

        // The key is stored (encrypted) before the CSR leaves, so a resumed download matches it.
        CertificateKey key;
        (key, record) = await KeyForAsync(record, ct).ConfigureAwait(false);
        using var _ = key;
        var current = await client.GetOrderAsync(order.Location, ct).ConfigureAwait(false);
        if (current.Status == AcmeStatus.Ready)
        {
            current = await client.FinalizeAsync(current, CertificateSigningRequest.Create(key, current.Identifiers), ct).ConfigureAwait(false);
            faults.Reached(FaultPoints.FinalizedNotDownloaded);
        }
        var chain = await client.CompleteOrderAsync(current, key, ct).ConfigureAwait(false);
        faults.Reached(FaultPoints.DownloadedNotActivated);

        // Ask the CA's renewal information right away only where the CA serves it (RFC 9773 §3).
        var servesAri = (await client.GetDirectoryAsync(ct).ConfigureAwait(false)).RenewalInfo is not null;
        var stored = await ActivateAsync(certificate.Id, chain, key, servesAri, ct).ConfigureAwait(false);
        await store.Certificates.SaveOrderAsync(record with { Stage = OrderStage.Completed, UpdatedAt = time.GetUtcNow() }, ct).ConfigureAwait(false);
        await events.RecordAsync(stored.TenantId, stored.Id, null, "certificate.issued",
            $"Certificate for {string.Join(", ", stored.Names)} issued by {chain.Leaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true)}, valid until {stored.NotAfter:u}.", ct).ConfigureAwait(false);
        LogIssued(logger, stored.Id, stored.NotAfter);
        return stored;
    }

    private async Task<(OrderRecord Record, AcmeOrder Order)> ResumeOrCreateOrderAsync(AcmeClient client, CertificateRecord certificate, OrderPlan plan, CancellationToken ct)
    {
        var stored = await store.Certificates.GetOpenOrderAsync(certificate.Id, ct).ConfigureAwait(false);
        if (stored is { OrderUrl: { } foreign } && !SameCa(foreign))
        {
            // The platform moved to another CA (or the local CA restarted elsewhere): that order cannot be resumed.
            await FailOrderAsync(stored, "the order belongs to a CA the platform no longer uses", ct).ConfigureAwait(false);
            stored = null;
        }
        if (stored is { OrderUrl: { } url } open)
        {
            try
            {
                var resumed = await client.GetOrderAsync(url, ct).ConfigureAwait(false);
                if (resumed.Status is not (AcmeStatus.Invalid or AcmeStatus.Unknown))
                {
                    LogResumed(logger, certificate.Id, url, resumed.Status);
                    return (open, resumed);
                }
                await FailOrderAsync(open, resumed.Error?.ToString() ?? "the CA marked the order invalid", ct).ConfigureAwait(false);
            }
            catch (AcmeException e) when (e.Kind is AcmeErrorKind.GiveUp or AcmeErrorKind.FixInput)
            {
                await FailOrderAsync(open, e.Message, ct).ConfigureAwait(false);
            }
        }
        else if (stored is { } unsent)
        {
            // Killed between storing the intent and storing the CA's answer: at most that one order is abandoned.
            await FailOrderAsync(unsent, "interrupted before the CA's answer was stored", ct).ConfigureAwait(false);
        }

        // Before any budget is spent: every name can be proven (DNS-01: the platform may write the zone).
        var provers = await CheckChallengesReadyAsync(certificate, ct).ConfigureAwait(false);

        // A new order is what the CA's limits count: ask the local budget first (DESIGN.md, "Rate-limit budgets").
        var now = time.GetUtcNow();
        var decision = await budget.TryReserveAsync(new Budgets.BudgetRequest(certificate.Id, certificate.Names, plan.Kind, plan.Urgent), now, ct).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            throw new BudgetWaitException(decision.NotBefore ?? now + TimeSpan.FromMinutes(1), decision.Reason ?? "waiting for the CA's rate limits");
        }
        var record = new OrderRecord(Guid.NewGuid(), certificate.Id, OrderStage.Created, null, provers[0].ChallengeType, null, null, now, now);
        await store.Certificates.SaveOrderAsync(record, ct).ConfigureAwait(false);
        faults.Reached(FaultPoints.BeforeOrderCreated);
        var identifiers = certificate.Names.Select(n => AcmeIdentifier.Dns(n.Value)).ToList();
        AcmeOrder order;
        try
        {
            order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = identifiers, Replaces = plan.Replaces }, ct).ConfigureAwait(false);
        }
        catch (AcmeProblemException e) when (plan.Replaces is not null && e.Problem.Is(AcmeErrorTypes.AlreadyReplaced))
        {
            // RFC 9773 §5: an earlier (abandoned) order already claimed the replacement; order without the claim.
            order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = identifiers }, ct).ConfigureAwait(false);
        }
        faults.Reached(FaultPoints.OrderCreatedNotStored);
        record = record with { Stage = OrderStage.Ordered, OrderUrl = order.Location, UpdatedAt = time.GetUtcNow() };
        await store.Certificates.SaveOrderAsync(record, ct).ConfigureAwait(false);
        faults.Reached(FaultPoints.OrderStored);
        var how = plan.Kind switch { Budgets.OrderKind.AriRenewal => $" (renewal replacing {plan.Replaces})", Budgets.OrderKind.Renewal => " (renewal)", _ => "" };
        await events.RecordAsync(certificate.TenantId, certificate.Id, null, "order.created", $"Order {order.Location} created at the CA{how}.", ct).ConfigureAwait(false);
        return (record, order);
    }

    /// <summary>The solver that will prove each name, checked ready (throws <see cref="ChallengeSetupException"/> or the solver's error).</summary>
    private async Task<IReadOnlyList<IChallengeSolver>> CheckChallengesReadyAsync(CertificateRecord certificate, CancellationToken ct)
    {
        var chosen = new List<IChallengeSolver>();
        foreach (var name in certificate.Names)
        {
            chosen.Add(await ReadySolverAsync(certificate.TenantId, name, null, ct).ConfigureAwait(false)
                ?? throw new ChallengeSetupException(name.IsWildcard
                    ? $"{name} needs DNS-01, and the platform has no DNS configured for it."
                    : $"The platform has no configured way to prove {name}."));
        }
        return chosen;
    }

    /// <summary>
    /// The first solver, in the configured order, that can prove the name, whose challenge the CA offers (when given)
    /// and that is ready: a name in a hosted zone the platform cannot write falls back to the edge's challenges. When
    /// every candidate fails its check, the first one's error is thrown; null when there is no candidate at all.
    /// </summary>
    private async Task<IChallengeSolver?> ReadySolverAsync(Guid tenantId, Names.DnsName name, AcmeAuthorization? offered, CancellationToken ct)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? firstError = null;
        foreach (var solver in _solvers)
        {
            if ((offered is not null && offered.FindChallenge(solver.ChallengeType) is null)
                || !await solver.CanSolveAsync(tenantId, name, ct).ConfigureAwait(false))
            {
                continue;
            }
            try
            {
                await solver.CheckReadyAsync(tenantId, name, ct).ConfigureAwait(false);
                return solver;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                firstError ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }
        firstError?.Throw();
        return null;
    }

    private async Task AuthorizeAsync(AcmeClient client, Guid tenantId, Uri url, CancellationToken ct)
    {
        var authorization = await client.GetAuthorizationAsync(url, ct).ConfigureAwait(false);
        if (authorization.Status == AcmeStatus.Valid)
        {
            return;
        }
        // RFC 8555 §7.1.4: a wildcard's authorization names the base domain and says "wildcard".
        var value = authorization.Identifier.Value;
        var name = Names.DnsName.ParseHostOrWildcard(authorization.Wildcard && !value.StartsWith("*.", StringComparison.Ordinal) ? "*." + value : value);
        var solver = await ReadySolverAsync(tenantId, name, authorization, ct).ConfigureAwait(false);
        var challenge = solver is null ? null : authorization.FindChallenge(solver.ChallengeType);
        if (solver is null || challenge is null)
        {
            throw new AcmeProblemException(new AcmeProblem
            {
                Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Unauthorized,
                Detail = $"No configured way to prove {authorization.Identifier.Value}: the CA offers {string.Join(", ", authorization.Challenges.Select(c => c.Type))}.",
                Identifier = authorization.Identifier,
            }, 400, url, null);
        }
        try
        {
            // Inside the try: an answer published halfway (a DNS record whose propagation timed out) is withdrawn too.
            await solver.PresentAsync(authorization, challenge, client.GetKeyAuthorization(challenge.Token!), ct).ConfigureAwait(false);
            faults.Reached(FaultPoints.ChallengesPending);
            await client.ValidateAsync(authorization, challenge, ct).ConfigureAwait(false);
        }
        catch (AcmePendingException)
        {
            // The CA is still validating: the answer stays up for it (the next attempt re-presents and then withdraws it).
            throw;
        }
        catch
        {
            await CleanUpAsync(solver, authorization, challenge).ConfigureAwait(false);
            throw;
        }
        await CleanUpAsync(solver, authorization, challenge).ConfigureAwait(false);
    }

    /// <summary>
    /// Withdraws an answer; a failure to do so is logged, never taken for the validation's outcome (a DNS record left
    /// behind is swept later, an HTTP-01 or TLS-ALPN-01 answer expires on its own).
    /// </summary>
    private async Task CleanUpAsync(IChallengeSolver solver, AcmeAuthorization authorization, AcmeChallenge challenge)
    {
        try
        {
            using var cleanUp = new CancellationTokenSource(CleanUpTimeout);
            await solver.CleanUpAsync(authorization, challenge, cleanUp.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCleanUpFailed(logger, authorization.Identifier.Value, e);
        }
    }

    private async Task<(CertificateKey Key, OrderRecord Record)> KeyForAsync(OrderRecord record, CancellationToken ct)
    {
        if (record.ProtectedKey is { } stored)
        {
            return (CertificateKey.FromPem(Encoding.UTF8.GetString(keys.Unprotect(stored, KeyPurposes.Order(record.Id)))), record);
        }
        // A fresh key for every certificate.
        var key = CertificateKey.Generate(options.CertificateKeyAlgorithm);
        var protectedKey = keys.Protect(Encoding.UTF8.GetBytes(key.ExportPrivateKeyPem()), KeyPurposes.Order(record.Id));
        record = record with { Stage = OrderStage.Finalizing, ProtectedKey = protectedKey, UpdatedAt = time.GetUtcNow() };
        await store.Certificates.SaveOrderAsync(record, ct).ConfigureAwait(false);
        return (key, record);
    }

    /// <summary>Stores chain and key in the certificate record atomically (optimistic retry on a concurrent change).</summary>
    private async Task<CertificateRecord> ActivateAsync(Guid certificateId, AcmeCertificateChain chain, CertificateKey key, bool servesAri, CancellationToken ct)
    {
        var leaf = chain.Leaf;
        string? ariId = null;
        try
        {
            ariId = AriCertificateId.FromCertificate(leaf);
        }
        catch (ArgumentException)
        {
            // A CA without Authority Key Identifiers offers no ARI for this certificate.
        }
        var protectedKey = keys.Protect(Encoding.UTF8.GetBytes(key.ExportPrivateKeyPem()), KeyPurposes.Certificate(certificateId));
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.Certificates.GetCertificateAsync(certificateId, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Certificate {certificateId} disappeared while it was being issued.");
            var updated = current with
            {
                // A certificate retired meanwhile stays retired; its chain is kept for the record.
                State = current.State == CertificateState.Retired ? CertificateState.Retired : CertificateState.Valid,
                ChainPem = chain.Pem,
                ProtectedKey = protectedKey,
                NotBefore = leaf.NotBefore.ToUniversalTime(),
                NotAfter = leaf.NotAfter.ToUniversalTime(),
                Issuer = leaf.Issuer,
                SerialNumber = leaf.SerialNumber,
                AriCertificateId = ariId,
                LastError = null,
                FailureCount = 0,
                // Obtained after all: the addresses that waited for it move onto it (WildcardLifecycle).
                Unobtainable = false,
                NextAttemptAt = null,
                // Renewal without ARI at two thirds of the lifetime; a CA with ARI is asked at once and moves it.
                RenewAt = renewals.FromLifetime(leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime()),
                AriNextPollAt = ariId is not null && servesAri ? time.GetUtcNow() : null,
                UpdatedAt = time.GetUtcNow(),
            };
            try
            {
                return await store.Certificates.UpdateCertificateAsync(updated, ct).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                // Someone changed the record (e.g. retired it) between our read and write: read again.
            }
        }
    }

    private bool SameCa(Uri orderUrl) =>
        string.Equals(orderUrl.Authority, accounts.DirectoryUrl.Authority, StringComparison.OrdinalIgnoreCase) && orderUrl.Scheme == accounts.DirectoryUrl.Scheme;

    private Task FailOrderAsync(OrderRecord record, string error, CancellationToken ct) =>
        store.Certificates.SaveOrderAsync(record with { Stage = OrderStage.Failed, Error = error, UpdatedAt = time.GetUtcNow() }, ct);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Could not withdraw the challenge answer for {Name}; it is removed later.")]
    private static partial void LogCleanUpFailed(ILogger logger, string name, Exception error);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Certificate {CertificateId} issued, valid until {NotAfter}.")]
    private static partial void LogIssued(ILogger logger, Guid certificateId, DateTimeOffset? notAfter);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Certificate {CertificateId}: resuming stored order {OrderUrl} ({Status}).")]
    private static partial void LogResumed(ILogger logger, Guid certificateId, Uri orderUrl, AcmeStatus status);
}
