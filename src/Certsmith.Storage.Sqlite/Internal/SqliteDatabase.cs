using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Opens one connection per operation (Microsoft.Data.Sqlite pools the handles), so every store is
/// thread-safe without locks of its own. Writes run in <c>BEGIN IMMEDIATE</c> transactions: they take
/// SQLite's single write lock up front, so two writers (threads or processes) serialize instead of both
/// reading and then one failing to upgrade.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim without AvailableWaitHandle holds nothing to release; the database lives as long as the process.")]
internal sealed class SqliteDatabase
{
    /// <summary>
    /// Writers of this process queue here asynchronously before taking SQLite's write lock. SQLite waits for its
    /// lock in a busy handler that sleeps the calling thread: with a hundred concurrent writers that starved the
    /// thread pool for seconds. Writers in other processes still wait in the busy handler, as they must.
    /// </summary>
    private readonly SemaphoreSlim _writers = new(1, 1);
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds) + 1,
        }.ToString();
        // Per connection: busy_timeout is not stored in the file (journal_mode=WAL is; MigrateAsync sets it).
        _pragmas = $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="read"/> on its own connection (one statement is atomic by itself).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="write"/> in one <c>BEGIN IMMEDIATE</c> transaction; commits when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // deferred: false is BEGIN IMMEDIATE (waiting for other processes is done by busy_timeout).
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await write(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        finally
        {
            _writers.Release();
        }
    }
}
