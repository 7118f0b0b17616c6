using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Serving;

/// <summary>DESIGN.md "Which certificate serves a hostname", checked with real TLS handshakes against a running edge.</summary>
public sealed class ServingRulesTests : IAsyncLifetime
{
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task AssignedCertificateIsServedForItsAddress_EvenWhenAnotherCoversItLonger()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var (assigned, assignedLeaf) = await _bench.IssueAsync(tenant, Month, "www.shop.example");
        await _bench.IssueAsync(tenant, 3 * Month, "www.shop.example");
        await _bench.IssueAsync(tenant, 4 * Month, "*.shop.example");
        await _bench.AssignAsync(address, assigned);
        await _bench.StartAsync();

        using var served = await _bench.ServedAsync("www.shop.example");

        Assert.Equal(assignedLeaf.Leaf.Thumbprint, served?.Thumbprint);
    }

    [Fact]
    public async Task ExactNameIsPreferredOverAWildcardThatExpiresLater()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (_, exact) = await _bench.IssueAsync(tenant, Month, "www.shop.example");
        await _bench.IssueAsync(tenant, 6 * Month, "*.shop.example");
        await _bench.StartAsync();

        using var served = await _bench.ServedAsync("www.shop.example");

        Assert.Equal(exact.Leaf.Thumbprint, served?.Thumbprint);
    }

    [Fact]
    public async Task WildcardCoversOneLabelOnly()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "a.shop.example");
        await _bench.AddAddressAsync(site, "a.b.shop.example");
        await _bench.AddAddressAsync(site, "shop.example");
        var (_, wildcard) = await _bench.IssueAsync(tenant, Month, "*.shop.example");
        await _bench.StartAsync();

        using var oneBelow = await _bench.ServedAsync("a.shop.example");
        using var twoBelow = await _bench.ServedAsync("a.b.shop.example");
        using var parent = await _bench.ServedAsync("shop.example");

        Assert.Equal(wildcard.Leaf.Thumbprint, oneBelow?.Thumbprint);
        AssertDefault(twoBelow);
        AssertDefault(parent);
    }

    [Fact]
    public async Task LaterExpiryIsServedFirstAmongEquallyGoodCertificates()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.AddAddressAsync(site, "api.shop.example");
        await _bench.IssueAsync(tenant, Month, "www.shop.example");
        var (_, later) = await _bench.IssueAsync(tenant, 2 * Month, "www.shop.example");
        await _bench.IssueAsync(tenant, Month / 2, "www.shop.example");
        await _bench.IssueAsync(tenant, Month, "*.shop.example");
        var (_, laterWildcard) = await _bench.IssueAsync(tenant, 2 * Month, "*.shop.example");
        await _bench.StartAsync();

        using var exact = await _bench.ServedAsync("www.shop.example");
        using var wildcard = await _bench.ServedAsync("api.shop.example");

        Assert.Equal(later.Leaf.Thumbprint, exact?.Thumbprint);
        Assert.Equal(laterWildcard.Leaf.Thumbprint, wildcard?.Thumbprint);
    }

    [Theory]
    [InlineData(UnknownNameMode.DefaultCertificate)]
    [InlineData(UnknownNameMode.Refuse)]
    public async Task ExpiredCertificateIsNeverServed(UnknownNameMode mode)
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var now = DateTimeOffset.UtcNow;
        var expired = await _bench.AddCertificateAsync(tenant, _bench.Ca.Issue(now.AddDays(-90), now.AddMinutes(-1), "www.shop.example"), "www.shop.example");
        await _bench.AddCertificateAsync(tenant, _bench.Ca.Issue(now.AddDays(-90), now.AddDays(-1), "*.shop.example"), "*.shop.example");
        await _bench.AssignAsync(address, expired);
        await _bench.StartAsync(mode);

        using var served = await _bench.ServedAsync("www.shop.example");

        AssertRule4(mode, served);
    }

    [Fact]
    public async Task ExpiredAssignedCertificateGivesWayToAValidCoveringOne()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        var address = await _bench.AddAddressAsync(site, "www.shop.example");
        var now = DateTimeOffset.UtcNow;
        var expired = await _bench.AddCertificateAsync(tenant, _bench.Ca.Issue(now.AddDays(-90), now.AddMinutes(-1), "www.shop.example"), "www.shop.example");
        var (_, wildcard) = await _bench.IssueAsync(tenant, Month, "*.shop.example");
        await _bench.AssignAsync(address, expired);
        await _bench.StartAsync();

        using var served = await _bench.ServedAsync("www.shop.example");

        Assert.Equal(wildcard.Leaf.Thumbprint, served?.Thumbprint);
    }

    [Theory]
    [InlineData(UnknownNameMode.DefaultCertificate)]
    [InlineData(UnknownNameMode.Refuse)]
    public async Task AnotherTenantsCoveringCertificateIsNeverServed(UnknownNameMode mode)
    {
        var owner = await _bench.AddTenantAsync("owner");
        var other = await _bench.AddTenantAsync("other");
        var site = await _bench.AddSiteAsync(owner, "blog");
        await _bench.AddAddressAsync(site, "blog.shared.example");
        await _bench.IssueAsync(other, 2 * Month, "blog.shared.example");
        await _bench.IssueAsync(other, 2 * Month, "*.shared.example");
        await _bench.StartAsync(mode);

        using var served = await _bench.ServedAsync("blog.shared.example");

        AssertRule4(mode, served);
    }

    [Theory]
    [InlineData(UnknownNameMode.DefaultCertificate, "nobody.example")]
    [InlineData(UnknownNameMode.Refuse, "nobody.example")]
    [InlineData(UnknownNameMode.DefaultCertificate, null)]
    [InlineData(UnknownNameMode.Refuse, null)]
    public async Task NameThatIsNoAddressGetsTheDefaultCertificateOrIsRefused(UnknownNameMode mode, string? serverName)
    {
        var tenant = await _bench.AddTenantAsync("acme");
        // A certificate covering the name exists, but the name is no site's address.
        await _bench.IssueAsync(tenant, Month, "nobody.example");
        await _bench.StartAsync(mode);

        using var served = await _bench.ServedAsync(serverName);

        AssertRule4(mode, served);
    }

    [Fact]
    public async Task NameMatchingIgnoresCaseAndOneTrailingDot()
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        var (_, issued) = await _bench.IssueAsync(tenant, Month, "www.shop.example");
        await _bench.StartAsync();

        using var served = await _bench.ServedAsync("WWW.Shop.Example");

        Assert.Equal(issued.Leaf.Thumbprint, served?.Thumbprint);
    }

    private static void AssertRule4(UnknownNameMode mode, System.Security.Cryptography.X509Certificates.X509Certificate2? served)
    {
        if (mode == UnknownNameMode.Refuse)
        {
            Assert.Null(served);
        }
        else
        {
            AssertDefault(served);
        }
    }

    private static void AssertDefault(System.Security.Cryptography.X509Certificates.X509Certificate2? served)
    {
        Assert.NotNull(served);
        Assert.Equal($"CN={EdgeBench.DefaultName}", served.Subject);
        Assert.Equal(served.Subject, served.Issuer);
    }
}
