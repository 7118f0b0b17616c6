using Certsmith.Core.Storage;

namespace Certsmith.Edge.Tests.Support;

/// <summary>Makes the store a test runs against.</summary>
public static class TestStores
{
    public static async Task<(ICertsmithStore Store, IAsyncDisposable? Lifetime)> CreateAsync()
    {
        var store = new InMemoryStore();
        await store.MigrateAsync(CancellationToken.None);
        return (store, null);
    }
}
