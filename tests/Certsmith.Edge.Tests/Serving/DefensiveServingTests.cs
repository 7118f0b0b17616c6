using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Serving;

/// <summary>
/// What the edge does with store contents the real store refuses to hold (a cross-tenant assignment) or
/// with a store that is down: cases only a fake store can produce.
/// </summary>
public sealed class DefensiveServingTests : IAsyncLifetime
{
    private readonly InMemoryStore _store = new();
    private EdgeBench _bench = null!;

    public Task InitializeAsync()
    {
        _bench = EdgeBench.CreateOn(_store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task AnAssignmentToAnotherTenantsCertificateIsIgnored()
    {
        var owner = await _bench.AddTenantAsync("owner");
        var other = await _bench.AddTenantAsync("other");
        var site = await _bench.AddSiteAsync(owner, "blog");
        var address = await _bench.AddAddressAsync(site, "blog.shared.example");
        var (foreign, _) = await _bench.IssueAsync(other, TimeSpan.FromDays(30), "blog.shared.example");
        await _bench.AssignAsync(address, foreign);
        await _bench.StartAsync(UnknownNameMode.Refuse);

        Assert.Null(await _bench.ServedAsync("blog.shared.example"));
    }

    [Fact]
    public async Task AFailedRebuildKeepsTheOldSnapshotServing()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (_, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        var edge = await _bench.StartAsync();
        var before = edge.Snapshot;

        _store.Failure = new InvalidOperationException("the database is gone");
        await Assert.ThrowsAsync<InvalidOperationException>(() => edge.RefreshAsync(CancellationToken.None));
        using var served = await _bench.ServedAsync("www.shop.example");

        Assert.Same(before, edge.Snapshot);
        Assert.Equal(issued.Leaf.Thumbprint, served?.Thumbprint);
    }

    [Fact]
    public async Task AnEdgeStartedWhileTheStoreIsDownCatchesUpWhenItComesBack()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (_, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        _store.Failure = new InvalidOperationException("the database is not up yet");
        var edge = await _bench.StartAsync();
        Assert.Null(edge.Snapshot.ChangeStamp);

        _store.Failure = null;
        var caughtUp = await EdgeBench.EventuallyAsync(
            async () => (await _bench.ServedAsync("www.shop.example"))?.Thumbprint == issued.Leaf.Thumbprint,
            TimeSpan.FromSeconds(10));

        Assert.True(caughtUp);
    }
}
