namespace Certsmith.Core.Issuance;

/// <summary>
/// Wakes this node's issuance loop when work is enqueued here, so a new site does not wait for the next
/// poll. Thread-safe DI singleton; signals are coalesced.
/// </summary>
public sealed class IssuanceSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Work is waiting.</summary>
    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a signal or the timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
