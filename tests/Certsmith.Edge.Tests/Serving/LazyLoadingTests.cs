using Certsmith.Core.Certificates;
using Certsmith.Edge.Certificates;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Serving;

/// <summary>
/// Certificates are held cheaply until their name's first handshake, which builds the context once; changes in
/// the store arrive incrementally, replacing only what changed.
/// </summary>
public sealed class LazyLoadingTests : IAsyncLifetime
{
    private static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(10);
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task TheFirstHandshakeForANameBuildsOnlyItsCertificateAndGetsTheRightOne()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var issued = new Dictionary<string, string>();
        foreach (var name in new[] { "a.shop.example", "b.shop.example", "c.shop.example" })
        {
            var address = await _bench.AddAddressAsync(site, name);
            var (record, certificate) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), name);
            await _bench.AssignAsync(address, record);
            issued[name] = certificate.Leaf.Thumbprint;
        }
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse);
        Assert.Equal(0, edge.ContextsBuilt);

        using var served = await _bench.ServedAsync("b.shop.example");

        Assert.Equal(issued["b.shop.example"], served?.Thumbprint);
        Assert.Equal(1, edge.ContextsBuilt);
        Assert.True(Selected(edge, "b.shop.example").IsContextBuilt);
        Assert.False(Selected(edge, "a.shop.example").IsContextBuilt);
        Assert.False(Selected(edge, "c.shop.example").IsContextBuilt);
    }

    [Fact]
    public async Task ManyConcurrentFirstHandshakesForOneNameBuildItsContextOnce()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(address, record);
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse);

        var handshakes = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => Task.Run(() => _bench.ServedAsync("www.shop.example"))));

        Assert.All(handshakes, served => Assert.Equal(issued.Leaf.Thumbprint, served?.Thumbprint));
        Assert.Equal(1, edge.ContextsBuilt);
        foreach (var served in handshakes)
        {
            served?.Dispose();
        }
    }

    [Fact]
    public async Task ARenewalReplacesAContextThatWasAlreadyBuilt()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, first) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(address, record);
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse);
        using (var before = await _bench.ServedAsync("www.shop.example"))
        {
            Assert.Equal(first.Leaf.Thumbprint, before?.Thumbprint);
        }
        var built = Selected(edge, "www.shop.example");
        Assert.True(built.IsContextBuilt);

        var second = _bench.Ca.Issue(TimeSpan.FromDays(90), "www.shop.example");
        await _bench.RenewAsync(record, second);

        // Through the poll loop (500 ms by default): no restart, no explicit refresh.
        Assert.True(await EdgeBench.EventuallyAsync(
            async () => (await _bench.ServedAsync("www.shop.example"))?.Thumbprint == second.Leaf.Thumbprint, PollDeadline));
        var renewed = Selected(edge, "www.shop.example");
        Assert.NotSame(built, renewed);
        Assert.NotSame(built.Context, renewed.Context);
    }

    [Fact]
    public async Task ARemovedCertificateStopsBeingServed()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(address, record);
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse);
        using (var before = await _bench.ServedAsync("www.shop.example"))
        {
            Assert.Equal(issued.Leaf.Thumbprint, before?.Thumbprint);
        }

        var current = await _bench.Store.Certificates.GetCertificateAsync(record.Id, CancellationToken.None);
        await _bench.Store.Certificates.UpdateCertificateAsync(current! with { State = CertificateState.Retired }, CancellationToken.None);

        Assert.True(await EdgeBench.EventuallyAsync(async () => await _bench.ServedAsync("www.shop.example") is null, PollDeadline));
        Assert.Equal(0, edge.Snapshot.CertificateCount);
    }

    [Fact]
    public async Task AnIncrementalRefreshKeepsEveryOtherNamesContextAsTheSameObject()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var www = await _bench.AddAddressAsync(site, "www.shop.example");
        var (wwwRecord, _) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(www, wwwRecord);
        var api = await _bench.AddAddressAsync(site, "api.shop.example");
        var (apiRecord, _) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "api.shop.example");
        await _bench.AssignAsync(api, apiRecord);
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse, configure: o => o.PollInterval = TimeSpan.FromHours(1));
        using (await _bench.ServedAsync("www.shop.example"))
        using (await _bench.ServedAsync("api.shop.example"))
        {
        }
        var before = edge.Snapshot;
        var untouched = Selected(edge, "www.shop.example");
        var context = untouched.Context;

        await _bench.RenewAsync(apiRecord, _bench.Ca.Issue(TimeSpan.FromDays(90), "api.shop.example"));
        await _bench.AddAddressAsync(site, "new.shop.example");
        await edge.RefreshAsync(CancellationToken.None);
        var after = edge.Snapshot;

        Assert.NotSame(before, after);
        Assert.Equal(before.LastFullBuildAt, after.LastFullBuildAt);
        Assert.NotNull(after.FindRoute("new.shop.example"));
        Assert.Same(untouched, Selected(edge, "www.shop.example"));
        Assert.Same(context, Selected(edge, "www.shop.example").Context);
        Assert.NotSame(before.Select("api.shop.example", DateTimeOffset.UtcNow).Certificate, after.Select("api.shop.example", DateTimeOffset.UtcNow).Certificate);
        Assert.Equal(2, edge.ContextsBuilt);
    }

    private static ServableCertificate Selected(EdgeServer edge, string name) =>
        edge.Snapshot.Select(name, DateTimeOffset.UtcNow).Certificate ?? throw new InvalidOperationException($"No certificate selected for {name}.");
}
