namespace Certsmith.Core.Storage;

/// <summary>One piece of durable work: e.g. "issue certificate X".</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Kind">What to do (a <see cref="WorkKinds"/> value).</param>
/// <param name="SubjectId">What to do it to (e.g. the certificate).</param>
/// <param name="DueAt">Not before this moment.</param>
/// <param name="Attempts">How many leases it has had.</param>
/// <param name="LeaseOwner">The node working on it, while leased.</param>
/// <param name="LeaseUntil">When the lease lapses if not renewed or completed.</param>
/// <param name="LastError">Why the last attempt failed.</param>
public sealed record WorkItem(Guid Id, string Kind, Guid SubjectId, DateTimeOffset DueAt, int Attempts, string? LeaseOwner, DateTimeOffset? LeaseUntil, string? LastError);

/// <summary>The kinds of durable work.</summary>
public static class WorkKinds
{
    /// <summary>Obtain (or renew) the certificate <see cref="WorkItem.SubjectId"/>.</summary>
    public const string Issue = "issue";
}

/// <summary>
/// The durable work queue. At most one item per (kind, subject) exists, so one job per certificate runs at
/// a time. A leased item is invisible to other lessees until its lease lapses: a node that dies mid-work
/// gives its work back automatically. Thread-safe; every method atomic.
/// </summary>
public interface IWorkQueue
{
    /// <summary>
    /// Schedules work. If the (kind, subject) is already queued, moves its due time earlier when
    /// <paramref name="dueAt"/> is earlier, and returns false; leased work is left alone.
    /// </summary>
    Task<bool> EnqueueAsync(string kind, Guid subjectId, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due items (due at or before <paramref name="now"/>, not leased or lease lapsed), earliest first.</summary>
    Task<IReadOnlyList<WorkItem>> LeaseAsync(string owner, DateTimeOffset now, TimeSpan leaseFor, int max, CancellationToken cancellationToken);

    /// <summary>Removes finished work; false when <paramref name="owner"/> no longer holds its lease.</summary>
    Task<bool> CompleteAsync(Guid id, string owner, CancellationToken cancellationToken);

    /// <summary>Releases the lease and sets the next due time and the error; false when the lease was lost.</summary>
    Task<bool> RescheduleAsync(Guid id, string owner, DateTimeOffset dueAt, string? error, CancellationToken cancellationToken);

    /// <summary>
    /// Hands back every lease <paramref name="owner"/> holds; a node calls it when it starts, since leases under
    /// its name can only be left over from an earlier run of itself that died. Returns how many.
    /// </summary>
    Task<int> ReleaseLeasesAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Every queued item, earliest first (for tests and tools; the admin view pages with the other overload).</summary>
    Task<IReadOnlyList<WorkItem>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> queued items, earliest first (the queue holds about one item per certificate in use).</summary>
    Task<IReadOnlyList<WorkItem>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>How many items are queued, how many of them are due at <paramref name="now"/>, and how many leased.</summary>
    Task<QueueCounts> CountAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The queued item for (kind, subject), or null.</summary>
    Task<WorkItem?> FindAsync(string kind, Guid subjectId, CancellationToken cancellationToken);
}
