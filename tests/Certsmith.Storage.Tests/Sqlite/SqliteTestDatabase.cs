using Certsmith.Core.Storage;
using Certsmith.Storage.Sqlite;
using Certsmith.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Tests.Sqlite;

/// <summary>A database file of its own in the temp folder; deleted (with its WAL files) afterwards.</summary>
public sealed class SqliteTestDatabase : ITestDatabase, IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"certsmith-store-{Guid.NewGuid():N}.db");

    public SqliteStore Open() => new(new SqliteStoreOptions { DatabasePath = Path });

    public ICertsmithStore OpenStore() => Open();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; let them go before deleting it.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
