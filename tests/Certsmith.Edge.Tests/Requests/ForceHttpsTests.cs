using System.Net;
using System.Text;
using Certsmith.Core.Tenancy;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Requests;

/// <summary>Issue 7, "Force HTTPS and HSTS": the edge redirects plain HTTP only while a valid certificate is served, and sends HSTS only over HTTPS and only as chosen.</summary>
public sealed class ForceHttpsTests : IAsyncLifetime
{
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    private async Task<Site> SiteAsync(bool withCertificate, Func<Site, Site> settings)
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = settings(await _bench.AddSiteAsync(tenant, "shop"));
        await _bench.Store.Sites.UpdateSiteAsync(site, CancellationToken.None);
        await _bench.AddAddressAsync(site, "www.shop.example");
        if (withCertificate)
        {
            await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), "www.shop.example");
        }
        await _bench.StartAsync();
        return site;
    }

    [Fact]
    public async Task Plain_http_gets_a_308_to_the_same_host_path_and_query_on_https_keeping_the_method()
    {
        await SiteAsync(withCertificate: true, s => s with { ForceHttps = true });
        using var client = _bench.CreateClient();

        using var get = await client.GetAsync(new Uri("http://www.shop.example/cart/items?page=2"));
        using var post = await client.PostAsync(new Uri("http://WWW.Shop.Example/checkout"), new StringContent("order=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, get.StatusCode);
        Assert.Equal($"https://www.shop.example:{_bench.Running.HttpsPort}/cart/items?page=2", get.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.PermanentRedirect, post.StatusCode);
        Assert.Equal($"https://www.shop.example:{_bench.Running.HttpsPort}/checkout", post.Headers.Location?.ToString());
        Assert.False(get.Headers.Contains("Strict-Transport-Security"));
        using var secure = await client.GetAsync(new Uri("https://www.shop.example/cart/items?page=2"));
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
    }

    [Fact]
    public async Task Without_a_valid_certificate_plain_http_is_served_not_redirected()
    {
        await SiteAsync(withCertificate: false, s => s with { ForceHttps = true });
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("http://www.shop.example/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_acme_challenge_path_is_never_redirected()
    {
        await SiteAsync(withCertificate: true, s => s with { ForceHttps = true });
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("http://www.shop.example/.well-known/acme-challenge/unknown-token"));

        Assert.NotEqual(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Without_force_https_plain_http_is_served()
    {
        await SiteAsync(withCertificate: true, s => s);
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri("http://www.shop.example/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(false, false, "max-age=31536000")]
    [InlineData(true, false, "max-age=31536000; includeSubDomains")]
    [InlineData(true, true, "max-age=31536000; includeSubDomains; preload")]
    public async Task Hsts_is_sent_on_https_only_with_exactly_the_chosen_directives(bool includeSubDomains, bool preload, string expected)
    {
        await SiteAsync(withCertificate: true, s => s with { HstsMaxAge = TimeSpan.FromDays(365), HstsIncludeSubDomains = includeSubDomains, HstsPreload = preload });
        using var client = _bench.CreateClient();

        using var secure = await client.GetAsync(new Uri("https://www.shop.example/"));
        using var plain = await client.GetAsync(new Uri("http://www.shop.example/"));

        Assert.Equal(expected, Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task No_hsts_unless_chosen()
    {
        await SiteAsync(withCertificate: true, s => s with { ForceHttps = true });
        using var client = _bench.CreateClient();

        using var secure = await client.GetAsync(new Uri("https://www.shop.example/"));

        Assert.False(secure.Headers.Contains("Strict-Transport-Security"));
    }
}
