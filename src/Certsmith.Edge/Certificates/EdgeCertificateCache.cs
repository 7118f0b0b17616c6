using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

/// <summary>
/// Holds the current <see cref="CertificateSnapshot"/> behind a volatile reference: handshakes read it
/// without a lock; rebuilds are serialised and swap it atomically. A failed rebuild keeps the old snapshot.
/// A singleton per edge; thread-safe.
/// </summary>
internal sealed partial class EdgeCertificateCache : IDisposable
{
    private readonly SnapshotBuilder _builder;
    private readonly ICertificateStore _certificates;
    private readonly DefaultCertificate _defaultCertificate;
    private readonly EdgeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EdgeCertificateCache> _logger;
    private readonly SemaphoreSlim _rebuildGate = new(1, 1);
    private volatile CertificateSnapshot _current;

    public EdgeCertificateCache(
        SnapshotBuilder builder,
        ICertsmithStore store,
        DefaultCertificate defaultCertificate,
        EdgeOptions options,
        TimeProvider timeProvider,
        ILogger<EdgeCertificateCache> logger)
    {
        _builder = builder;
        _certificates = store.Certificates;
        _defaultCertificate = defaultCertificate;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _current = CertificateSnapshot.Empty(timeProvider.GetUtcNow(), defaultCertificate, options.UnknownNameMode);
    }

    /// <summary>The snapshot handshakes and requests read now.</summary>
    public CertificateSnapshot Current => _current;

    /// <summary>
    /// Brings the snapshot up to the store now — from the previous one plus the store's logged changes when it
    /// keeps them, else in full; on failure logs, keeps the old snapshot, and rethrows.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => RebuildAsync(full: false, cancellationToken);

    private async Task RebuildAsync(bool full, CancellationToken cancellationToken)
    {
        await _rebuildGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            var changes = !full && current.ChangeStamp is { } stamp
                ? await _certificates.GetChangesSinceAsync(stamp, cancellationToken).ConfigureAwait(false)
                : null;
            if (changes is not null && SnapshotBuilder.IsSmall(changes))
            {
                // Handshakes keep reading the current snapshot meanwhile: no pause for the names that did not change.
                _current = changes.IsEmpty && changes.Stamp == current.ChangeStamp
                    ? current
                    : await _builder.ApplyAsync(current, changes, _defaultCertificate, _options.UnknownNameMode, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _current = await _builder.BuildAsync(current, _defaultCertificate, _options.UnknownNameMode, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRebuildFailed(e, _current.ChangeStamp);
            throw;
        }
        finally
        {
            _rebuildGate.Release();
        }
    }

    /// <summary>Applies the store's changes when its change stamp moved; reads it in full when the last full read is older than <see cref="EdgeOptions.MaxSnapshotAge"/>.</summary>
    public async Task RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        long stamp;
        try
        {
            stamp = await _certificates.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStampFailed(e);
            throw;
        }
        // The full rebuild now and then drops what expired since and re-reads anything a log could have missed.
        if (_timeProvider.GetUtcNow() - current.LastFullBuildAt >= _options.MaxSnapshotAge)
        {
            await RebuildAsync(full: true, cancellationToken).ConfigureAwait(false);
        }
        else if (stamp != current.ChangeStamp)
        {
            await RebuildAsync(full: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _rebuildGate.Dispose();
}
