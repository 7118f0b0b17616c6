using Certsmith.Core.Issuance;

namespace Certsmith.Host.Composition;

/// <summary>
/// Removes DNS-01 TXT records a crash left behind (stale records make the CA's answers too large): at start, then every
/// ten minutes. Records are only swept once older than <see cref="Dns01Solver.RecordLifetime"/>, so no validation in
/// progress loses its record.
/// </summary>
internal sealed partial class DnsRecordSweeper(Dns01Solver solver, ILogger<DnsRecordSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var removed = await solver.SweepAsync(stoppingToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    LogSwept(logger, removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Removed {Count} stale DNS-01 records.")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Could not sweep stale DNS-01 records; will try again.")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);
}
