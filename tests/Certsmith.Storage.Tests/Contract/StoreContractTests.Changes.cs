using Certsmith.Core.Certificates;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Changes_since_a_stamp_name_each_certificate_address_and_site_touched_after_it()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var before = await AddAddressAsync(site, "old.example.org");
        var untouched = await AddCertificateAsync(tenant, "old.example.org");
        var since = await Store.Certificates.GetChangeStampAsync(Ct);

        var certificate = await AddCertificateAsync(tenant, "www.example.org");
        await Store.Certificates.UpdateCertificateAsync(certificate with { State = CertificateState.Valid }, Ct);
        var www = await AddAddressAsync(site, "www.example.org");
        await AssignAsync(www, certificate);
        await Store.Sites.UpdateSiteAsync(site with { ForceHttps = true }, Ct);
        var changes = await Store.Certificates.GetChangesSinceAsync(since, Ct);

        Assert.NotNull(changes);
        Assert.Equal(await Store.Certificates.GetChangeStampAsync(Ct), changes.Stamp);
        Assert.Equal([certificate.Id], changes.CertificateIds);
        Assert.Equal([www.Id], changes.AddressIds);
        Assert.Equal([site.Id], changes.SiteIds);
        Assert.DoesNotContain(untouched.Id, changes.CertificateIds);
        Assert.DoesNotContain(before.Id, changes.AddressIds);
        Assert.True((await Store.Certificates.GetChangesSinceAsync(changes.Stamp, Ct))?.IsEmpty);
    }

    [Fact]
    public async Task Removing_an_address_or_a_site_is_a_change_of_each_address_it_takes_away()
    {
        var tenant = await AddTenantAsync("acme");
        var shop = await AddSiteAsync(tenant, "shop");
        var blog = await AddSiteAsync(tenant, "blog");
        var www = await AddAddressAsync(shop, "www.example.org");
        var api = await AddAddressAsync(shop, "api.example.org");
        var news = await AddAddressAsync(blog, "news.example.org");
        await AssignAsync(www, await AddCertificateAsync(tenant, "www.example.org"));
        var since = await Store.Certificates.GetChangeStampAsync(Ct);

        await Store.Sites.RemoveSiteAsync(shop.Id, Ct);
        await Store.Sites.RemoveAddressAsync(news.Id, Ct);
        var changes = await Store.Certificates.GetChangesSinceAsync(since, Ct);

        Assert.NotNull(changes);
        Assert.True(changes.Stamp > since);
        Assert.Equal(new[] { www.Id, api.Id, news.Id }.Order(), changes.AddressIds.Order());
        Assert.Equal([shop.Id], changes.SiteIds);
        Assert.Empty(changes.CertificateIds);
    }

    [Fact]
    public async Task A_stamp_the_store_never_gave_reads_as_reload_everything()
    {
        await AddCertificateAsync(await AddTenantAsync("acme"), "www.example.org");
        var stamp = await Store.Certificates.GetChangeStampAsync(Ct);

        Assert.Null(await Store.Certificates.GetChangesSinceAsync(stamp + 1, Ct));
    }
}
