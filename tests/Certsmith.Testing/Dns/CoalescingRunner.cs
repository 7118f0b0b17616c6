using System.Collections.Concurrent;

namespace Certsmith.Testing.Dns;

/// <summary>
/// Runs an action per key at most once at a time; requests that arrive while it runs make it run once more after.
/// So a burst of updates to one zone costs a few knotc runs, not one each. Thread-safe.
/// </summary>
internal sealed class CoalescingRunner(Func<string, Task> action)
{
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    public void Request(string key)
    {
        var state = _states.GetOrAdd(key, _ => new State());
        Interlocked.Exchange(ref state.Requested, 1);
        if (Interlocked.CompareExchange(ref state.Running, 1, 0) == 0)
        {
            _ = RunAsync(key, state);
        }
    }

    private async Task RunAsync(string key, State state)
    {
        while (true)
        {
            Interlocked.Exchange(ref state.Requested, 0);
            await action(key).ConfigureAwait(false);
            Interlocked.Exchange(ref state.Running, 0);

            // A request that came while the action ran, and that no other runner has taken up, runs it again.
            if (Volatile.Read(ref state.Requested) == 0 || Interlocked.CompareExchange(ref state.Running, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private sealed class State
    {
        public int Requested;
        public int Running;
    }
}
