using Certsmith.Core.Storage;
using Certsmith.Storage.Sqlite;

namespace Certsmith.Edge.Tests.Support;

/// <summary>Makes the store a test runs against: the real SQLite store in a fresh folder, removed afterwards.</summary>
public static class TestStores
{
    public static async Task<(ICertsmithStore Store, IAsyncDisposable? Lifetime)> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("certsmith-edge-tests-");
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = Path.Combine(folder.FullName, "certsmith.db") });
        await store.MigrateAsync(CancellationToken.None);
        return (store, new FolderLifetime(folder));
    }

    private sealed class FolderLifetime(DirectoryInfo folder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
