using System.Net;
using System.Net.Sockets;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Requests;

/// <summary>Requests after the challenge path: the Host's site, proxied to its backend or answered with the edge's pages.</summary>
public sealed class SiteRequestTests : IAsyncLifetime
{
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task ProxiesOverHttpsWithForwardedHeaders_ReplacingWhatTheClientSent()
    {
        await using var backend = await TestBackend.StartAsync();
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop", backend.Address);
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.StartAsync();
        using var client = _bench.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("https://www.shop.example/cart/items?page=2"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "gopher");

        using var response = await client.SendAsync(request);
        var echo = TestBackend.ParseEcho(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/cart/items?page=2", echo["path"]);
        Assert.Equal("https", echo["x-forwarded-proto"]);
        Assert.Equal("127.0.0.1", echo["x-forwarded-for"]);
        Assert.Equal("www.shop.example", echo["x-forwarded-host"]);
    }

    [Fact]
    public async Task ProxiesPlainHttpWithForwardedProtoHttp()
    {
        await using var backend = await TestBackend.StartAsync();
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop", backend.Address);
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.StartAsync();
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("http://www.shop.example/"));
        var echo = TestBackend.ParseEcho(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http", echo["x-forwarded-proto"]);
    }

    [Fact]
    public async Task SiteWithoutBackendGetsTheBuiltInPageNamingSiteAndHost()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "Shop <One>");
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.StartAsync();
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("https://www.shop.example/anything"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Shop &lt;One&gt;", html, StringComparison.Ordinal);
        Assert.Contains("www.shop.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendThatIsDownGives502()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop", new Uri($"http://127.0.0.1:{ClosedPort()}/"));
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        await _bench.StartAsync();
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("https://www.shop.example/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("www.shop.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://nobody.example/")]
    [InlineData("https://nobody.example/")]
    public async Task UnknownHostGets404(string url)
    {
        await _bench.StartAsync();
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri(url));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
