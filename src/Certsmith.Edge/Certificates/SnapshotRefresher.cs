using Microsoft.Extensions.Hosting;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// Polls the store's change stamp every <see cref="EdgeOptions.PollInterval"/> (on the injected clock) and
/// rebuilds the snapshot when it moved. Failures are logged by the cache and retried on the next tick.
/// </summary>
internal sealed class SnapshotRefresher : BackgroundService
{
    private readonly EdgeCertificateCache _cache;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _timeProvider;

    public SnapshotRefresher(EdgeCertificateCache cache, EdgeOptions options, TimeProvider timeProvider)
    {
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _cache.RefreshIfChangedAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Logged by the cache; the old snapshot keeps serving until the next tick succeeds.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
