using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Serving;

/// <summary>A new or renewed certificate in the store reaches new handshakes; connections made before keep working.</summary>
public sealed class RefreshTests : IAsyncLifetime
{
    private static readonly TimeSpan PollDeadline = TimeSpan.FromSeconds(10);
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task RenewedCertificateReachesNewHandshakesAfterRefreshWhileAnOpenConnectionKeepsWorking()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, first) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(address, record);
        // A long poll interval: only the explicit refresh can bring the renewal in during this test.
        var edge = await _bench.StartAsync(configure: o => o.PollInterval = TimeSpan.FromHours(1));
        await using var open = await TlsConnection.OpenAsync(edge.HttpsPort, "www.shop.example");
        Assert.Equal(first.Leaf.Thumbprint, open.ServerCertificate.Thumbprint);
        Assert.Equal(200, (await open.GetAsync("www.shop.example", "/")).Status);

        var second = _bench.Ca.Issue(TimeSpan.FromDays(90), "www.shop.example");
        await _bench.RenewAsync(record, second);
        using var beforeRefresh = await _bench.ServedAsync("www.shop.example");
        await edge.RefreshAsync(CancellationToken.None);
        using var afterRefresh = await _bench.ServedAsync("www.shop.example");
        var (status, body) = await open.GetAsync("www.shop.example", "/");

        Assert.Equal(first.Leaf.Thumbprint, beforeRefresh?.Thumbprint);
        Assert.Equal(second.Leaf.Thumbprint, afterRefresh?.Thumbprint);
        Assert.Equal(200, status);
        Assert.Contains("shop", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewCertificateReachesHandshakesThroughThePollLoop()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.StartAsync(UnknownNameMode.Refuse);
        Assert.Null(await _bench.ServedAsync("www.shop.example"));

        var (record, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.AssignAsync(address, record);

        Assert.True(await EdgeBench.EventuallyAsync(
            async () => (await _bench.ServedAsync("www.shop.example"))?.Thumbprint == issued.Leaf.Thumbprint,
            PollDeadline));
    }

    [Fact]
    public async Task NewAddressAndSiteSettingsArriveWithTheNextRefresh()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var edge = await _bench.StartAsync(configure: o => o.PollInterval = TimeSpan.FromHours(1));
        Assert.Null(edge.Snapshot.FindRoute("www.shop.example"));

        await _bench.AddAddressAsync(site, "www.shop.example");
        await edge.RefreshAsync(CancellationToken.None);

        Assert.Equal(site.Id, edge.Snapshot.FindRoute("www.shop.example")?.Site.Id);
    }
}
