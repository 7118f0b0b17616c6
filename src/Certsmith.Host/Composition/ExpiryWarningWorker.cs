using Certsmith.Core.Certificates.Custom;

namespace Certsmith.Host.Composition;

/// <summary>Looks for custom certificates about to expire at start, then every hour, and warns their tenants.</summary>
internal sealed partial class ExpiryWarningWorker(ExpiryWarner warner, ILogger<ExpiryWarningWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await warner.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Could not check custom certificates for expiry; will try again.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
