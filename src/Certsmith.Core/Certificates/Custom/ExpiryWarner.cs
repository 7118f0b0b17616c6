using System.Globalization;
using System.Net.Http.Json;
using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Certificates.Custom;

/// <summary>
/// Custom certificates are never renewed by the platform, so it warns their tenant before they expire — at each of
/// <see cref="PlatformOptions.CustomExpiryWarningDays"/> (30, 14, 7 and 1 days by default), once each: an event on the
/// certificate (the panel's banner reads it) and a POST to the tenant's webhook when it set one. Thread-safe; one
/// <see cref="RunOnceAsync"/> at a time per node (the host calls it periodically).
/// </summary>
public sealed partial class ExpiryWarner(ICertsmithStore store, EventRecorder events, PlatformOptions options, HttpClient webhooks, TimeProvider time, ILogger<ExpiryWarner> logger)
{
    /// <summary>Gives every warning now due; returns how many were given.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thresholds = options.CustomExpiryWarningDays.OrderByDescending(d => d).ToList();
        var given = 0;
        var window = TimeSpan.FromDays(thresholds.Count == 0 ? 0 : thresholds[0]);
        var expiring = CustomExpiry.Expiring(await store.Certificates.ListCustomCertificatesAsync(null, cancellationToken).ConfigureAwait(false), now, window);
        foreach (var certificate in expiring)
        {
            var notAfter = certificate.NotAfter!.Value;
            var left = notAfter - now;
            // The smallest threshold reached and not yet warned for (a certificate uploaded with 5 days left gets the 7-day warning, once).
            var due = thresholds.Where(d => left <= TimeSpan.FromDays(d) && (certificate.ExpiryWarnedDays is not { } warned || d < warned)).DefaultIfEmpty(-1).Min();
            if (due < 0)
            {
                continue;
            }
            try
            {
                await store.Certificates.UpdateCertificateAsync(certificate with { ExpiryWarnedDays = due, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException)
            {
                continue; // Changed meanwhile: the next run looks again.
            }
            var days = (int)Math.Ceiling(left.TotalDays);
            var message = $"The certificate for {string.Join(", ", certificate.Names)} from {certificate.Issuer} expires on {notAfter:u} (in {days} day{(days == 1 ? "" : "s")}). "
                + "The platform does not renew certificates from other CAs: renew it at your CA and upload the new one.";
            await events.RecordAsync(certificate.TenantId, certificate.Id, null, "custom.expiring", message, cancellationToken).ConfigureAwait(false);
            await NotifyAsync(certificate, notAfter, days, message, cancellationToken).ConfigureAwait(false);
            given++;
        }
        return given;
    }

    private async Task NotifyAsync(CertificateRecord certificate, DateTimeOffset notAfter, int days, string message, CancellationToken cancellationToken)
    {
        if (await store.Tenants.GetTenantAsync(certificate.TenantId, cancellationToken).ConfigureAwait(false) is not { WebhookUrl: { } url })
        {
            return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(new
                {
                    @event = "certificate.expiring",
                    certificateId = certificate.Id,
                    names = certificate.Names.Select(n => n.Value).ToArray(),
                    notAfter,
                    daysLeft = days,
                    message,
                }),
            };
            // The status is all that matters: the body is never read (a hostile receiver cannot make us buffer it).
            using var response = await webhooks.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await events.RecordAsync(certificate.TenantId, certificate.Id, null, "webhook.failed",
                    $"The webhook answered {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} to the expiry warning.", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogWebhookFailed(logger, certificate.TenantId, e);
            await events.RecordAsync(certificate.TenantId, certificate.Id, null, "webhook.failed", "The webhook could not be reached for the expiry warning.", cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "The webhook of tenant {TenantId} could not be reached.")]
    private static partial void LogWebhookFailed(ILogger logger, Guid tenantId, Exception error);
}
