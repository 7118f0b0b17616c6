using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// The durable work queue in SQLite. A lease is (owner, until); taking one is a single UPDATE inside a
/// <c>BEGIN IMMEDIATE</c> transaction, so two processes leasing at once serialize and never get the same
/// item. "Leased" for <see cref="EnqueueAsync"/> means an owner is set: it has no clock to tell a lapsed
/// lease, and a lapsed item is due anyway, so the next lessee takes it.
/// </summary>
internal sealed class SqliteWorkQueue(SqliteDatabase database) : IWorkQueue
{
    private const string Columns = "id, kind, subject_id, due_at, attempts, lease_owner, lease_until, last_error";

    public Task<bool> EnqueueAsync(string kind, Guid subjectId, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var inserted = await Sql.ExecuteAsync(c, t, $"""
                INSERT INTO work_items ({Columns}) VALUES ($id, $kind, $subject, $due, 0, NULL, NULL, NULL)
                ON CONFLICT (kind, subject_id) DO NOTHING
                """, cancellationToken, ("$id", Guid.NewGuid()), ("$kind", kind), ("$subject", subjectId), ("$due", dueAt)).ConfigureAwait(false);
            if (inserted > 0)
            {
                return true;
            }
            await Sql.ExecuteAsync(c, t, """
                UPDATE work_items SET due_at = $due
                WHERE kind = $kind AND subject_id = $subject AND due_at > $due AND lease_owner IS NULL
                """, cancellationToken, ("$kind", kind), ("$subject", subjectId), ("$due", dueAt)).ConfigureAwait(false);
            return false;
        }, cancellationToken);

    public async Task<IReadOnlyList<WorkItem>> LeaseAsync(string owner, DateTimeOffset now, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseFor, TimeSpan.Zero);
        if (max <= 0)
        {
            return [];
        }
        var leased = await database.WriteAsync((c, t) => Sql.QueryAsync(c, t, $"""
            UPDATE work_items SET lease_owner = $owner, lease_until = $until, attempts = attempts + 1
            WHERE id IN (SELECT id FROM work_items
                         WHERE due_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
                         ORDER BY due_at, id LIMIT $max)
            RETURNING {Columns}
            """, Read, cancellationToken, ("$owner", owner), ("$until", now + leaseFor), ("$now", now), ("$max", max)), cancellationToken).ConfigureAwait(false);
        // RETURNING gives rows in no particular order.
        return [.. leased.OrderBy(i => i.DueAt).ThenBy(i => i.Id)];
    }

    public async Task<bool> CompleteAsync(Guid id, string owner, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM work_items WHERE id = $id AND lease_owner = $owner", cancellationToken,
            ("$id", id), ("$owner", owner)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> RescheduleAsync(Guid id, string owner, DateTimeOffset dueAt, string? error, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            UPDATE work_items SET due_at = $due, last_error = $error, lease_owner = NULL, lease_until = NULL
            WHERE id = $id AND lease_owner = $owner
            """, cancellationToken, ("$id", id), ("$owner", owner), ("$due", dueAt), ("$error", error)), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<int> ReleaseLeasesAsync(string owner, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE work_items SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $owner", cancellationToken,
            ("$owner", owner)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<WorkItem>> ListAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM work_items ORDER BY due_at, id", Read, cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<WorkItem>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM work_items ORDER BY due_at, id LIMIT $limit", Read, cancellationToken,
            ("$limit", Math.Max(0, limit))), cancellationToken).ConfigureAwait(false);

    public Task<QueueCounts> CountAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (await Sql.QuerySingleAsync(c, null, """
            SELECT COUNT(*), COUNT(*) FILTER (WHERE due_at <= $now), COUNT(*) FILTER (WHERE lease_until > $now) FROM work_items
            """, r => new QueueCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)), cancellationToken, ("$now", now)).ConfigureAwait(false))!, cancellationToken);

    public Task<WorkItem?> FindAsync(string kind, Guid subjectId, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {Columns} FROM work_items WHERE kind = $kind AND subject_id = $subject", Read, cancellationToken,
            ("$kind", kind), ("$subject", subjectId)), cancellationToken);

    private static WorkItem Read(SqliteDataReader r) =>
        new(r.GetId(0), r.GetString(1), r.GetId(2), r.GetTime(3), r.GetInt32(4), r.GetStringOrNull(5), r.GetTimeOrNull(6), r.GetStringOrNull(7));
}
