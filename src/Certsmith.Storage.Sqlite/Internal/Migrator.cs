namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Applies migrations in order, each in its own <c>BEGIN IMMEDIATE</c> transaction that re-reads the
/// version first, so two processes starting at once apply each step exactly once. A database newer than
/// this program is refused rather than used with a schema the code does not know.
/// </summary>
internal sealed class Migrator(SqliteDatabase database, TimeProvider timeProvider)
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    public async Task MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        Migration.CheckSequence(migrations);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // WAL lets readers run beside the writer; the mode is stored in the file, and cannot change inside a transaction.
            await Sql.ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, null, CreateVersionTable, cancellationToken).ConfigureAwait(false);
        }

        var newest = migrations.Count;
        foreach (var migration in migrations)
        {
            await database.WriteAsync(async (c, t) =>
            {
                var current = await CurrentVersionAsync(c, t, cancellationToken).ConfigureAwait(false);
                if (current > newest)
                {
                    throw new InvalidOperationException($"The database is at schema version {current}; this program knows up to {newest}.");
                }
                if (current >= migration.Version)
                {
                    return false;
                }
                await Sql.ExecuteAsync(c, t, migration.Sql, cancellationToken).ConfigureAwait(false);
                await Sql.ExecuteAsync(c, t, "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, $at)", cancellationToken,
                    ("$v", migration.Version), ("$n", migration.Name), ("$at", timeProvider.GetUtcNow())).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> VersionAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync(c => CurrentVersionAsync(c, null, cancellationToken), cancellationToken).ConfigureAwait(false);

    private static async Task<int> CurrentVersionAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var value = await Sql.ScalarAsync(connection, transaction, "SELECT max(version) FROM schema_version", cancellationToken).ConfigureAwait(false);
        return value is null ? 0 : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
