using Certsmith.Edge.Certificates;
using Certsmith.Edge.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Edge.Tests.Serving;

/// <summary>What the snapshot holds and reuses, and how it follows the clock between rebuilds.</summary>
public sealed class SnapshotTests : IAsyncLifetime
{
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task HandshakeContextIsBuiltOnFirstHandshakeAndReusedByLaterHandshakesAndRebuilds()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, _) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        var edge = await _bench.StartAsync();

        var before = Selected(edge);
        Assert.Equal(record.Id, before.Id);
        Assert.False(before.IsContextBuilt);

        using (await _bench.ServedAsync("www.shop.example"))
        {
        }
        var context = before.Context;
        Assert.True(before.IsContextBuilt);
        using (await _bench.ServedAsync("www.shop.example"))
        {
        }
        await edge.RefreshAsync(CancellationToken.None);
        var after = Selected(edge);

        Assert.Same(before, after);
        Assert.Same(context, after.Context);
    }

    [Fact]
    public async Task RenewedVersionGetsANewEntry()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (record, _) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        var edge = await _bench.StartAsync();
        var before = Selected(edge);

        var renewed = await _bench.RenewAsync(record, _bench.Ca.Issue(TimeSpan.FromDays(60), "www.shop.example"));
        await edge.RefreshAsync(CancellationToken.None);
        var after = Selected(edge);

        Assert.Equal(renewed.Version, after.Version);
        Assert.NotSame(before, after);
    }

    [Fact]
    public async Task CertificateThatExpiresBetweenRebuildsStopsBeingServedOnTime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (_, issued) = await _bench.IssueAsync(tenant, TimeSpan.FromHours(2), "www.shop.example");
        // The poll loop runs on the fake clock with a day's interval: the jump below triggers no rebuild.
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse, clock, o => o.PollInterval = o.MaxSnapshotAge = TimeSpan.FromDays(1));
        var snapshot = edge.Snapshot;

        using var whileValid = await _bench.ServedAsync("www.shop.example");
        clock.SetUtcNow(issued.NotAfter);
        using var atExpiry = await _bench.ServedAsync("www.shop.example");

        Assert.Equal(issued.Leaf.Thumbprint, whileValid?.Thumbprint);
        Assert.Null(atExpiry);
        Assert.Same(snapshot, edge.Snapshot);
    }

    [Fact]
    public async Task CertificateNotYetValidIsServedFromItsNotBefore()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var issued = _bench.Ca.Issue(clock.GetUtcNow().AddHours(1), clock.GetUtcNow().AddDays(30), "www.shop.example");
        await _bench.AddCertificateAsync(tenant, issued, "www.shop.example");
        var edge = await _bench.StartAsync(UnknownNameMode.Refuse, clock);

        Assert.Equal(SelectionReason.Refused, edge.Snapshot.Select("www.shop.example", clock.GetUtcNow()).Reason);
        clock.SetUtcNow(issued.NotBefore);
        using var served = await _bench.ServedAsync("www.shop.example");

        Assert.Equal(issued.Leaf.Thumbprint, served?.Thumbprint);
    }

    [Fact]
    public async Task RecordWhoseKeyDoesNotDecryptIsLeftOutAtItsFirstHandshakeAndTheRestServe()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.AddAddressAsync(site, "api.shop.example");
        var (broken, _) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.Store.Certificates.UpdateCertificateAsync(broken with { ProtectedKey = [1, 2, 3] }, CancellationToken.None);
        var (_, good) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "api.shop.example");
        var edge = await _bench.StartAsync();

        // Keys are decrypted lazily: the broken one is found out by the first handshake for its name.
        using var brokenName = await _bench.ServedAsync("www.shop.example");
        using var served = await _bench.ServedAsync("api.shop.example");

        Assert.Equal(EdgeBench.DefaultName, brokenName?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, false));
        Assert.Equal(good.Leaf.Thumbprint, served?.Thumbprint);
        Assert.Equal(SelectionReason.Default, edge.Snapshot.Select("www.shop.example", DateTimeOffset.UtcNow).Reason);
    }

    private static ServableCertificate Selected(EdgeServer edge) =>
        edge.Snapshot.Select("www.shop.example", DateTimeOffset.UtcNow).Certificate ?? throw new InvalidOperationException("No certificate selected.");
}
