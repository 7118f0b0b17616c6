using System.Collections.Concurrent;
using Certsmith.Core.Names;

namespace Certsmith.Core.Policy;

/// <summary>
/// Serialises policy decisions per (tenant, parent name) within this process, so the count of children a
/// decision sees includes every earlier addition (DESIGN.md: decisions for one parent are serialised).
/// Thread-safe DI singleton. Several nodes additionally rely on the store's order of additions.
/// </summary>
public sealed class ParentLocks
{
    private readonly ConcurrentDictionary<(Guid, string), SemaphoreSlim> _locks = new();

    /// <summary>Takes the lock for a tenant's parent name; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd((tenantId, name.Parent?.Value ?? name.Value), _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
