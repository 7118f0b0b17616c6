using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Sites_read_back_as_stored_list_by_name_and_update_their_settings()
    {
        var tenant = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var shop = await AddSiteAsync(tenant, "shop");
        var blog = new Site(Guid.NewGuid(), tenant.Id, "blog", Backend: null, ForceHttps: true, TimeSpan.FromDays(365), T0.AddMinutes(1));
        await Store.Sites.AddSiteAsync(blog, Ct);
        var theirs = await AddSiteAsync(other, "theirs");

        Assert.Equal(blog, await Store.Sites.GetSiteAsync(blog.Id, Ct));
        Assert.Equal([blog, shop], await Store.Sites.ListSitesAsync(tenant.Id, Ct));
        Assert.Equal([blog, shop, theirs], await Store.Sites.ListSitesAsync(null, Ct));

        var changed = shop with { Name = "store", Backend = new Uri("http://10.0.0.5:3000/app"), ForceHttps = true, HstsMaxAge = TimeSpan.FromSeconds(300) };
        Assert.True(await Store.Sites.UpdateSiteAsync(changed, Ct));
        Assert.Equal(changed, await Store.Sites.GetSiteAsync(shop.Id, Ct));
        Assert.False(await Store.Sites.UpdateSiteAsync(changed with { Id = Guid.NewGuid() }, Ct));
        Assert.Null(await Store.Sites.GetSiteAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task A_site_name_is_unique_within_its_tenant_only()
    {
        var tenant = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        await AddSiteAsync(tenant, "shop");
        var blog = await AddSiteAsync(tenant, "blog");

        await Assert.ThrowsAsync<StoreConflictException>(() => AddSiteAsync(tenant, "shop"));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Sites.UpdateSiteAsync(blog with { Name = "shop" }, Ct));
        await AddSiteAsync(other, "shop");
        Assert.Equal(2, (await Store.Sites.ListSitesAsync(tenant.Id, Ct)).Count);
    }

    [Fact]
    public async Task An_address_reads_back_as_stored_and_is_found_by_name()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var id = Guid.NewGuid();

        var added = await Store.Sites.AddAddressAsync(site.Id, tenant.Id, DnsName.Parse("www.example.org"), id, T0, Ct);

        Assert.Equal(new SiteAddress(id, site.Id, tenant.Id, DnsName.Parse("www.example.org"), added.Sequence, T0), added);
        Assert.Equal(added, await Store.Sites.GetAddressAsync(id, Ct));
        Assert.Equal(added, await Store.Sites.FindAddressAsync(DnsName.Parse("www.example.org"), Ct));
        Assert.Null(await Store.Sites.FindAddressAsync(DnsName.Parse("api.example.org"), Ct));
        Assert.Null(await Store.Sites.GetAddressAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task An_address_name_is_unique_among_live_addresses_on_the_whole_platform()
    {
        var tenant = await AddTenantAsync("Secret Holder Ltd");
        var other = await AddTenantAsync("other");
        var site = await AddSiteAsync(tenant, "shop");
        var theirs = await AddSiteAsync(other, "theirs");
        var first = await AddAddressAsync(site, "www.example.org");

        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => AddAddressAsync(theirs, "www.example.org"));
        Assert.DoesNotContain("Secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<StoreConflictException>(() => AddAddressAsync(site, "www.example.org"));
        Assert.Empty(await Store.Sites.ListAddressesAsync(theirs.Id, Ct));

        Assert.True(await Store.Sites.RemoveAddressAsync(first.Id, Ct));
        Assert.False(await Store.Sites.RemoveAddressAsync(first.Id, Ct));
        Assert.Null(await Store.Sites.FindAddressAsync(DnsName.Parse("www.example.org"), Ct));

        // A removed and re-added name counts as new: a new id, a later sequence.
        var again = await AddAddressAsync(theirs, "www.example.org");
        Assert.NotEqual(first.Id, again.Id);
        Assert.True(again.Sequence > first.Sequence);
    }

    [Fact]
    public async Task Addresses_take_increasing_numbers_of_one_platform_wide_sequence_and_list_by_it()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var shop = await AddSiteAsync(acme, "shop");
        var blog = await AddSiteAsync(acme, "blog");
        var theirs = await AddSiteAsync(other, "theirs");

        var added = new List<SiteAddress>();
        foreach (var (site, name) in new[] { (shop, "a.example.org"), (theirs, "b.example.net"), (blog, "c.example.org"), (shop, "d.example.org") })
        {
            added.Add(await AddAddressAsync(site, name));
        }

        Assert.Equal(added.Select(a => a.Sequence).Order(), added.Select(a => a.Sequence));
        Assert.Equal(added.Count, added.Select(a => a.Sequence).Distinct().Count());
        Assert.Equal([added[0], added[3]], await Store.Sites.ListAddressesAsync(shop.Id, Ct));
        Assert.Equal([added[0], added[2], added[3]], await Store.Sites.ListAllAddressesAsync(acme.Id, Ct));
        Assert.Equal(added, await Store.Sites.ListAllAddressesAsync(null, Ct));
    }

    [Fact]
    public async Task An_address_for_a_site_of_another_tenant_is_refused()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var site = await AddSiteAsync(acme, "shop");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.Sites.AddAddressAsync(site.Id, other.Id, DnsName.Parse("www.example.org"), Guid.NewGuid(), T0, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.Sites.AddAddressAsync(Guid.NewGuid(), acme.Id, DnsName.Parse("www.example.org"), Guid.NewGuid(), T0, Ct));
        Assert.Empty(await Store.Sites.ListAllAddressesAsync(null, Ct));
    }

    [Fact]
    public async Task Removing_a_site_removes_its_addresses_and_their_assignments_and_moves_the_change_stamp()
    {
        var tenant = await AddTenantAsync("acme");
        var shop = await AddSiteAsync(tenant, "shop");
        var blog = await AddSiteAsync(tenant, "blog");
        var www = await AddAddressAsync(shop, "www.example.org");
        var api = await AddAddressAsync(shop, "api.example.org");
        var kept = await AddAddressAsync(blog, "blog.example.org");
        var certificate = await AddCertificateAsync(tenant, "*.example.org");
        await AssignAsync(www, certificate);
        await AssignAsync(api, certificate);
        await AssignAsync(kept, certificate);
        var stamp = await Store.Certificates.GetChangeStampAsync(Ct);

        Assert.True(await Store.Sites.RemoveSiteAsync(shop.Id, Ct));

        Assert.Null(await Store.Sites.GetSiteAsync(shop.Id, Ct));
        Assert.Empty(await Store.Sites.ListAddressesAsync(shop.Id, Ct));
        Assert.Null(await Store.Sites.GetAddressAsync(www.Id, Ct));
        Assert.Null(await Store.Certificates.GetAssignmentAsync(www.Id, Ct));
        Assert.Equal([kept.Id], (await Store.Certificates.ListAssignmentsAsync(certificate.Id, Ct)).Select(a => a.AddressId));
        Assert.True(await Store.Certificates.GetChangeStampAsync(Ct) > stamp);
        Assert.False(await Store.Sites.RemoveSiteAsync(shop.Id, Ct));
        await AddAddressAsync(blog, "www.example.org");
    }

    [Fact]
    public async Task Removing_an_address_removes_its_assignment_and_moves_the_change_stamp()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var www = await AddAddressAsync(site, "www.example.org");
        var certificate = await AddCertificateAsync(tenant, "www.example.org");
        await AssignAsync(www, certificate);
        var stamp = await Store.Certificates.GetChangeStampAsync(Ct);

        Assert.True(await Store.Sites.RemoveAddressAsync(www.Id, Ct));

        Assert.Null(await Store.Certificates.GetAssignmentAsync(www.Id, Ct));
        Assert.Empty(await Store.Certificates.ListAssignmentsAsync(null, Ct));
        Assert.True(await Store.Certificates.GetChangeStampAsync(Ct) > stamp);
    }
}
