using System.Net;
using Certsmith.Edge.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Certsmith.Edge.Tests.Hosting;

/// <summary>Starting the edge: options checked with every error reported; bound ports and listeners exposed.</summary>
public sealed class EdgeServerTests : IAsyncLifetime
{
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task InvalidOptionsAreRefusedWithEveryError()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _bench.StartAsync(configure: o =>
        {
            o.HttpPort = -1;
            o.HttpsPort = 70000;
            o.DefaultCertificateName = "not a name";
            o.PollInterval = TimeSpan.Zero;
            o.UnknownNameMode = (UnknownNameMode)42;
        }));

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("HttpPort", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("HttpsPort", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("DefaultCertificateName", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("UnknownNameMode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SamePortForHttpAndHttpsIsRefused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _bench.StartAsync(configure: o => o.HttpPort = o.HttpsPort = 8443));

        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task PortsChosenAtRunTimeAreReportedWithTheListeners()
    {
        var edge = await _bench.StartAsync();

        Assert.NotEqual(0, edge.HttpPort);
        Assert.NotEqual(0, edge.HttpsPort);
        Assert.NotEqual(edge.HttpPort, edge.HttpsPort);
        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, edge.HttpPort), new IPEndPoint(IPAddress.Loopback, edge.HttpsPort)],
            edge.Listeners);
    }

    [Fact]
    public async Task StartsOnTheSnapshotOfTheStore()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");

        var edge = await _bench.StartAsync();

        Assert.Equal(await _bench.Store.Certificates.GetChangeStampAsync(CancellationToken.None), edge.Snapshot.ChangeStamp);
        Assert.Equal(1, edge.Snapshot.HostCount);
        Assert.Equal(1, edge.Snapshot.CertificateCount);
    }

    [Fact]
    public async Task StartsFromThePlatformsServiceProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_bench.Store);
        services.AddSingleton(_bench.Protector);
        await using var provider = services.BuildServiceProvider();

        await using var edge = await EdgeServer.StartAsync(provider, new EdgeOptions { HttpPort = 0, HttpsPort = 0 }, CancellationToken.None);

        Assert.NotNull(await TlsConnection.TryGetCertificateAsync(edge.HttpsPort, "anything.example"));
    }
}
