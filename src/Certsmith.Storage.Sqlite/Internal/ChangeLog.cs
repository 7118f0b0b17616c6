using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// The <c>change_log</c> table: every change the edge serves from bumps the change stamp and logs which
/// certificate, address or site it touched, in the transaction of the change. Pruned to the last
/// <see cref="Retained"/> stamps; a reader further behind gets null and reloads everything.
/// </summary>
internal static class ChangeLog
{
    public const string Certificate = "certificate";
    public const string Address = "address";
    public const string Site = "site";

    /// <summary>Enough for an edge that was away for a while (or a bulk import of 100,000 certificates) to still catch up incrementally.</summary>
    internal const long Retained = 250_000;

    /// <summary>Prune in batches, not on every write.</summary>
    private const long PruneEvery = 1_000;

    private const string Floor = "change_log_floor";

    /// <summary>Bumps the change stamp and logs <paramref name="ids"/> of <paramref name="kind"/> under it; returns the stamp.</summary>
    public static async Task<long> RecordAsync(SqliteConnection connection, SqliteTransaction transaction, string kind, CancellationToken cancellationToken, params Guid[] ids)
    {
        var stamp = await Counters.NextAsync(connection, transaction, Counters.ChangeStamp, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO change_log (stamp, kind, entity_id) VALUES ($stamp, $kind, $id)", cancellationToken,
                ("$stamp", stamp), ("$kind", kind), ("$id", id)).ConfigureAwait(false);
        }
        await PruneAsync(connection, transaction, stamp, cancellationToken).ConfigureAwait(false);
        return stamp;
    }

    /// <summary>Logs, under <paramref name="stamp"/>, the ids a query selects (the addresses of a site being removed).</summary>
    public static Task LogSelectedAsync(SqliteConnection connection, SqliteTransaction transaction, long stamp, string kind, string selectIds, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Sql.ExecuteAsync(connection, transaction, $"INSERT INTO change_log (stamp, kind, entity_id) SELECT $stamp, $kind, id FROM ({selectIds})", cancellationToken,
            [.. parameters, ("$stamp", stamp), ("$kind", kind)]);

    /// <summary>What changed after <paramref name="since"/>, read in one transaction with the stamp; null when the log does not reach back that far.</summary>
    public static Task<StoreChanges?> ReadSinceAsync(SqliteDatabase database, long since, CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            // One deferred read transaction: the stamp and the rows come from the same database snapshot (WAL).
            var transaction = c.BeginTransaction(deferred: true);
            await using (transaction.ConfigureAwait(false))
            {
                var stamp = (long)(await Sql.ScalarAsync(c, transaction, "SELECT value FROM counters WHERE name = $name", cancellationToken, ("$name", Counters.ChangeStamp)).ConfigureAwait(false))!;
                var floor = (long)(await Sql.ScalarAsync(c, transaction, "SELECT value FROM counters WHERE name = $name", cancellationToken, ("$name", Floor)).ConfigureAwait(false))!;
                if (since < floor || since > stamp)
                {
                    return null;
                }
                var rows = await Sql.QueryAsync(c, transaction, "SELECT kind, entity_id FROM change_log WHERE stamp > $since AND stamp <= $stamp",
                    r => (Kind: r.GetString(0), Id: r.GetId(1)), cancellationToken, ("$since", since), ("$stamp", stamp)).ConfigureAwait(false);
                HashSet<Guid> certificates = [], addresses = [], sites = [];
                foreach (var (kind, id) in rows)
                {
                    (kind switch { Certificate => certificates, Address => addresses, _ => sites }).Add(id);
                }
                return new StoreChanges(stamp, certificates, addresses, sites);
            }
        }, cancellationToken);

    private static async Task PruneAsync(SqliteConnection connection, SqliteTransaction transaction, long stamp, CancellationToken cancellationToken)
    {
        if (stamp % PruneEvery != 0 || stamp <= Retained)
        {
            return;
        }
        var floor = stamp - Retained;
        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM change_log WHERE stamp <= $floor", cancellationToken, ("$floor", floor)).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, "UPDATE counters SET value = max(value, $floor) WHERE name = $name", cancellationToken,
            ("$floor", floor), ("$name", Floor)).ConfigureAwait(false);
    }
}
