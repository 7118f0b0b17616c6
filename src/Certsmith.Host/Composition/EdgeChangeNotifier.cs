using Certsmith.Core.Issuance;

namespace Certsmith.Host.Composition;

/// <summary>
/// Swaps a new certificate into the edge at once instead of at its next poll. A rebuild reads the whole store,
/// so changes that arrive while one runs share the next one: at most one rebuild runs and one waits, and
/// every caller's task completes once a rebuild that started after its call has finished (so its certificate
/// is served). Without this, N certificates issued at once queued N full rebuilds one after another.
/// </summary>
internal sealed class EdgeChangeNotifier(PlatformRuntime runtime) : ICertificateChangeNotifier
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _queued;
    private Task _running = Task.CompletedTask;

    /// <remarks>The rebuild itself is not cancelled by <paramref name="cancellationToken"/>: other callers share it.</remarks>
    public Task CertificateChangedAsync(Guid certificateId, CancellationToken cancellationToken)
    {
        if (runtime.Edge is not { } edge)
        {
            return Task.CompletedTask;
        }
        lock (_gate)
        {
            if (_queued is { } waiting)
            {
                // A rebuild that has not started reading the store yet will see this change too.
                return waiting.Task;
            }
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queued = next;
            _ = RebuildAfterAsync(edge, _running, next);
            return next.Task;
        }
    }

    private async Task RebuildAfterAsync(Certsmith.Edge.EdgeServer edge, Task previous, TaskCompletionSource next)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        lock (_gate)
        {
            // From here on the store is read: later changes need the rebuild after this one.
            _queued = null;
            _running = next.Task;
        }
        try
        {
            await edge.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            next.SetResult();
        }
        catch (Exception e)
        {
            next.SetException(e);
        }
    }
}
