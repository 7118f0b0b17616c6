namespace Certsmith.Core.Platform;

/// <summary>
/// Slows down password guessing (issue 7, "repeated failed sign-ins are slowed down"), per e-mail address and per
/// client address. Every attempt is counted as a failure <em>before</em> its password is checked and forgiven when it
/// succeeds, so parallel attempts cannot slip through the same free slot; check and count are one step under a lock.
/// <list type="bullet">
/// <item>An e-mail address: 5 failures free, then each further attempt waits twice as long as the last (1 s, 2 s, …,
/// 15 min), whether its password is right or not. A success clears it.</item>
/// <item>A client address: 20 failures free (a few people behind one address mistype), then the same doubling — what
/// slows down one client trying one password on many accounts. A success does not clear it (else an attacker's own
/// account would reset it between guesses); it is forgotten an hour after the last failure, like an e-mail's.</item>
/// </list>
/// Bounded: at most <see cref="MaxTracked"/> keys; beyond that the forgotten ones are swept, then the stalest.
/// Thread-safe; per node (a node's throttle does not see another node's attempts).
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    /// <summary>The most keys remembered at once (a flood of made-up e-mail addresses must not grow memory without bound).</summary>
    public const int MaxTracked = 100_000;

    private const int FreeFailuresPerEmail = 5;
    private const int FreeFailuresPerClient = 20;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this (since the last one) are forgotten.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts an attempt for <paramref name="email"/> (and <paramref name="client"/>, when known) and says whether it
    /// may go ahead; when not, how long until the next may be made (nothing is counted then).
    /// </summary>
    public TimeSpan? TryBegin(string email, string? client)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var keys = Keys(email, client);
            TimeSpan? wait = null;
            foreach (var (key, _) in keys)
            {
                if (Current(key, now) is { } entry && entry.NotBefore > now && (wait is null || entry.NotBefore - now > wait))
                {
                    wait = entry.NotBefore - now;
                }
            }
            if (wait is not null)
            {
                return wait;
            }
            if (_entries.Count >= MaxTracked)
            {
                Sweep(now);
            }
            foreach (var (key, free) in keys)
            {
                var failures = (Current(key, now)?.Failures ?? 0) + 1;
                var delay = failures <= free ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - free - 1), MaxWait.TotalSeconds));
                _entries[key] = new Entry(failures, now, now + delay);
            }
            return null;
        }
    }

    /// <summary>The attempt begun for <paramref name="email"/> succeeded: its failures are forgiven (the client's are not).</summary>
    public void Succeeded(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        lock (_gate)
        {
            _entries.Remove(EmailKey(email));
        }
    }

    /// <summary>How many keys are remembered (for tests of the bound).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    private static (string Key, int Free)[] Keys(string email, string? client) =>
        client is null ? [(EmailKey(email), FreeFailuresPerEmail)] : [(EmailKey(email), FreeFailuresPerEmail), ("client:" + client, FreeFailuresPerClient)];

    private static string EmailKey(string email) => "email:" + email;

    private Entry? Current(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && now - entry.LastFailure < ForgetAfter && now - entry.NotBefore < ForgetAfter ? entry : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(e => Current(e.Key, now) is null).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
        // Still full of live entries (a flood within the hour): drop the stalest half rather than grow.
        if (_entries.Count >= MaxTracked)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.LastFailure).Take(_entries.Count / 2).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset NotBefore);
}
