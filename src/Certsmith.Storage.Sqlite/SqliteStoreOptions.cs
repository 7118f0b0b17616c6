namespace Certsmith.Storage.Sqlite;

/// <summary>Where the embedded store keeps its database.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>How long a writer waits for another writer (another node process, or a thread) before failing.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The database file; created by <see cref="SqliteStore.MigrateAsync"/> when missing.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// How long a statement waits on a locked database (SQLite's busy_timeout): writers serialize, so this
    /// bounds the wait behind the longest write transaction of another process.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>Every error in these options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add("DatabasePath is empty: give the SQLite database file");
        }
        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"BusyTimeout {BusyTimeout} is out of range: give a positive duration");
        }
        return errors;
    }
}
