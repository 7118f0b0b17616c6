using Certsmith.Acme.Certificates;
using Certsmith.Acme.Http;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Microsoft.Extensions.Logging;

namespace Certsmith.Acme;

/// <summary>Orders, authorizations and challenges (RFC 8555 §7.4, §7.5).</summary>
public sealed partial class AcmeClient
{
    /// <summary>Creates an order (§7.4). Store <see cref="AcmeOrder.Location"/> to resume it after a restart.</summary>
    public async Task<AcmeOrder> NewOrderAsync(NewOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Identifiers.Count == 0)
        {
            throw new ArgumentException("An order names at least one identifier.", nameof(request));
        }
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var payload = Payload(w =>
        {
            w.WriteStartArray("identifiers");
            foreach (var id in request.Identifiers)
            {
                w.WriteStartObject();
                w.WriteString("type", id.Type);
                w.WriteString("value", id.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (request.NotBefore is { } nb)
            {
                w.WriteString("notBefore", nb.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            }
            if (request.NotAfter is { } na)
            {
                w.WriteString("notAfter", na.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            }
            if (request.Profile is not null)
            {
                w.WriteString("profile", request.Profile);
            }
            // RFC 9773 §5: replaces only goes to a CA that advertises renewalInfo.
            if (request.Replaces is not null && directory.RenewalInfo is not null)
            {
                w.WriteString("replaces", request.Replaces);
            }
        });
        var response = await PostAsync(directory.NewOrder, payload, cancellationToken).ConfigureAwait(false);
        var order = ReadOrder(response, directory.NewOrder, RequireLocation(response, directory.NewOrder));
        LogOrder(_logger, order.Location, order.Status, order.Identifiers.Count);
        return order;
    }

    /// <summary>The order as the CA holds it now.</summary>
    public async Task<AcmeOrder> GetOrderAsync(Uri orderUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderUrl);
        var response = await PostAsync(orderUrl, payload: null, cancellationToken).ConfigureAwait(false);
        return ReadOrder(response, orderUrl, orderUrl);
    }

    /// <summary>An authorization (§7.5).</summary>
    public async Task<AcmeAuthorization> GetAuthorizationAsync(Uri authorizationUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizationUrl);
        var response = await PostAsync(authorizationUrl, payload: null, cancellationToken).ConfigureAwait(false);
        return ReadAuthorization(response, authorizationUrl);
    }

    /// <summary>Gives up an authorization (§7.5.2), e.g. when the name left the platform.</summary>
    public async Task<AcmeAuthorization> DeactivateAuthorizationAsync(Uri authorizationUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizationUrl);
        var response = await PostAsync(authorizationUrl, Payload(w => w.WriteString("status", "deactivated")), cancellationToken).ConfigureAwait(false);
        return ReadAuthorization(response, authorizationUrl);
    }

    /// <summary>Tells the CA the challenge response is in place (§7.5.1): a POST with an empty JSON object.</summary>
    public async Task<AcmeChallenge> AnswerChallengeAsync(Uri challengeUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challengeUrl);
        var response = await PostAsync(challengeUrl, Payload(_ => { }), cancellationToken).ConfigureAwait(false);
        return AcmeTransport.ReadJson(response, Type(c => c.AcmeChallenge), challengeUrl);
    }

    /// <summary>
    /// Polls an authorization until it leaves <c>pending</c> (§7.5.1), honouring Retry-After and otherwise
    /// backing off; bounded only by <paramref name="cancellationToken"/>. Returns the final state, valid or not.
    /// </summary>
    public Task<AcmeAuthorization> WaitForAuthorizationAsync(Uri authorizationUrl, CancellationToken cancellationToken = default) =>
        PollAsync(ct => GetAuthorizationAsync(authorizationUrl, ct), a => a.Status != AcmeStatus.Pending, a => a.RetryAfter, cancellationToken);

    /// <summary>
    /// Answers a challenge and waits for the authorization's verdict; throws an <see cref="AcmeProblemException"/>
    /// carrying the challenge's error when the CA could not validate (§7.5.1, §8).
    /// </summary>
    public async Task<AcmeAuthorization> ValidateAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(challenge);
        if (authorization.Status == AcmeStatus.Valid)
        {
            return authorization;
        }
        // §7.5.1: answer unless the CA is already at it or done (a missing status counts as pending).
        if (challenge.Status is not (AcmeStatus.Processing or AcmeStatus.Valid or AcmeStatus.Invalid))
        {
            await AnswerChallengeAsync(challenge.Url, cancellationToken).ConfigureAwait(false);
        }
        await Task.Delay(_options.PollInitialDelay, _time, cancellationToken).ConfigureAwait(false);
        var result = await WaitForAuthorizationAsync(authorization.Location, cancellationToken).ConfigureAwait(false);
        if (result.Status == AcmeStatus.Pending)
        {
            throw new AcmePendingException(result.Location, result.RetryAfter ?? _time.GetUtcNow() + _options.PollMaxRetryAfter);
        }
        if (result.Status != AcmeStatus.Valid)
        {
            var error = result.Challenges.FirstOrDefault(c => c.Url == challenge.Url)?.Error
                ?? result.Challenges.FirstOrDefault(c => c.Error is not null)?.Error
                ?? new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Unauthorized, Detail = $"The authorization for {result.Identifier} ended {result.Status}." };
            LogValidationFailed(_logger, result.Identifier, error.ErrorName);
            throw new AcmeProblemException(error with { Identifier = error.Identifier ?? result.Identifier }, error.Status ?? 403, authorization.Location, retryAfter: null);
        }
        return result;
    }

    /// <summary>Polls an order while it is <c>pending</c> or <c>processing</c>; call it after the challenges were answered or after finalize.</summary>
    public Task<AcmeOrder> WaitForOrderAsync(Uri orderUrl, CancellationToken cancellationToken = default) =>
        PollAsync(ct => GetOrderAsync(orderUrl, ct), o => o.Status is not (AcmeStatus.Pending or AcmeStatus.Processing), o => o.RetryAfter, cancellationToken);

    /// <summary>Sends the CSR of a <c>ready</c> order (§7.4) and returns the order as the CA answers (often <c>processing</c>).</summary>
    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csrDer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(csrDer);
        var payload = Payload(w => w.WriteString("csr", System.Buffers.Text.Base64Url.EncodeToString(csrDer)));
        var response = await PostAsync(order.Finalize, payload, cancellationToken).ConfigureAwait(false);
        return ReadOrder(response, order.Finalize, order.Location);
    }

    /// <summary>
    /// Takes an order whose authorizations are done (<c>ready</c>, or already <c>processing</c>/<c>valid</c>
    /// when resuming) to its certificate: finalizes with a CSR for <paramref name="key"/> naming the order's
    /// identifiers, waits, downloads. Throws an <see cref="AcmeProblemException"/> when the order ends invalid.
    /// </summary>
    public async Task<AcmeCertificateChain> CompleteOrderAsync(AcmeOrder order, CertificateKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(key);
        if (order.Status is AcmeStatus.Pending)
        {
            order = await WaitForOrderAsync(order.Location, cancellationToken).ConfigureAwait(false);
            ThrowIfStillPending(order);
        }
        if (order.Status == AcmeStatus.Ready)
        {
            try
            {
                order = await FinalizeAsync(order, CertificateSigningRequest.Create(key, order.Identifiers), cancellationToken).ConfigureAwait(false);
            }
            catch (AcmeProblemException e) when (e.Problem.Is(AcmeErrorTypes.OrderNotReady))
            {
                // §7.4: e.g. an earlier finalize (whose answer was lost) went through; see where the order is.
                order = await GetOrderAsync(order.Location, cancellationToken).ConfigureAwait(false);
            }
        }
        if (order.Status == AcmeStatus.Processing)
        {
            ThrowIfStillPending(order);
            await Task.Delay(PollWait(order.RetryAfter, _options.PollInitialDelay), _time, cancellationToken).ConfigureAwait(false);
            order = await WaitForOrderAsync(order.Location, cancellationToken).ConfigureAwait(false);
            ThrowIfStillPending(order);
        }
        if (order.Status != AcmeStatus.Valid || order.Certificate is null)
        {
            var error = order.Error ?? new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.OrderNotReady, Detail = $"The order ended {order.Status} without a certificate." };
            throw new AcmeProblemException(error, error.Status ?? 403, order.Location, retryAfter: null);
        }
        return await DownloadCertificateAsync(order.Certificate, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PollAsync<T>(Func<CancellationToken, Task<T>> fetch, Func<T, bool> done, Func<T, DateTimeOffset?> retryAfter, CancellationToken ct)
    {
        var delay = _options.PollInitialDelay;
        while (true)
        {
            var item = await fetch(ct).ConfigureAwait(false);
            if (done(item))
            {
                return item;
            }
            var wait = PollWait(retryAfter(item), delay);
            if (wait > _options.PollMaxRetryAfter)
            {
                // Longer than one call should hold a worker: hand the pending object back with its RetryAfter.
                return item;
            }
            delay = Min(TimeSpan.FromTicks((long)(delay.Ticks * _options.PollBackoffFactor)), _options.PollMaxDelay);
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>§7.5.1: Retry-After wins, but never sooner than our first step (a CA saying 0 must not make us spin).</summary>
    private TimeSpan PollWait(DateTimeOffset? retryAfter, TimeSpan ladder) =>
        retryAfter is { } at ? Max(at - _time.GetUtcNow(), _options.PollInitialDelay) : ladder;

    private void ThrowIfStillPending(AcmeOrder order)
    {
        if (order.Status is AcmeStatus.Pending or AcmeStatus.Processing && PollWait(order.RetryAfter, TimeSpan.Zero) > _options.PollMaxRetryAfter)
        {
            throw new AcmePendingException(order.Location, order.RetryAfter!.Value);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static AcmeOrder ReadOrder(AcmeResponse response, Uri url, Uri location)
    {
        var order = AcmeTransport.ReadJson(response, Type(c => c.AcmeOrder), url);
        // §7.1.3: finalize and the identifiers are required, and every URL is absolute; say so now, not later.
        var wellFormed = IsAbsolute(order.Finalize) && order.Authorizations.All(IsAbsolute)
            && (order.Certificate is null || IsAbsolute(order.Certificate))
            && order.Identifiers.Count > 0 && order.Identifiers.All(i => i is { Type.Length: > 0, Value.Length: > 0 });
        return wellFormed
            ? order with { Location = location, RetryAfter = response.RetryAfter }
            : throw new AcmeProtocolException($"The order from {url} lacks its identifiers or an absolute finalize, authorization or certificate URL (RFC 8555 §7.1.3).", (int)response.Status, url, kind: AcmeErrorKind.RetryLater);
    }

    private static AcmeAuthorization ReadAuthorization(AcmeResponse response, Uri url)
    {
        var authorization = AcmeTransport.ReadJson(response, Type(c => c.AcmeAuthorization), url);
        return authorization.Identifier is not { Value.Length: > 0 } || !authorization.Challenges.All(c => IsAbsolute(c.Url))
            ? throw new AcmeProtocolException($"The authorization from {url} lacks its identifier or an absolute challenge URL (RFC 8555 §7.1.4).", (int)response.Status, url, kind: AcmeErrorKind.RetryLater)
            : authorization with { Location = url, RetryAfter = response.RetryAfter };
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "ACME order {Url} is {Status} ({Count} identifiers).")]
    private static partial void LogOrder(ILogger logger, Uri url, AcmeStatus status, int count);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "The CA could not validate {Identifier}: {Error}.")]
    private static partial void LogValidationFailed(ILogger logger, AcmeIdentifier identifier, string error);
}
