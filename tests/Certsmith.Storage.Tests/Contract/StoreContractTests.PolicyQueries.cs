using Certsmith.Core.Names;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Covering_certificates_are_the_tenants_naming_the_host_or_its_one_label_wildcard()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var exact = NewCertificate(acme, "shop.example.org");
        var wildcard = NewCertificate(acme, "*.example.org");
        var deeper = NewCertificate(acme, "*.shop.example.org");
        var multi = NewCertificate(acme, "a.example.org", "shop.example.org");
        var theirs = NewCertificate(other, "*.other.example");
        foreach (var c in new[] { exact, wildcard, deeper, multi, theirs })
        {
            await Store.Certificates.AddCertificateAsync(c, Ct);
        }

        var covering = await Store.Certificates.ListCoveringCertificatesAsync(acme.Id, DnsName.Parse("shop.example.org"), Ct);

        Assert.Equal(new[] { exact.Id, wildcard.Id, multi.Id }.Order(), covering.Select(c => c.Id).Order());
        Assert.Empty(await Store.Certificates.ListCoveringCertificatesAsync(other.Id, DnsName.Parse("shop.example.org"), Ct));
    }

    [Fact]
    public async Task Children_of_a_parent_are_counted_per_tenant_one_label_deep_up_to_a_sequence()
    {
        var acme = await AddTenantAsync("acme");
        var site = await AddSiteAsync(acme, "site");
        var added = new List<long>();
        foreach (var name in new[] { "a.example.org", "b.example.org", "x.a.example.org", "example.org.example", "c.example.org" })
        {
            added.Add((await Store.Sites.AddAddressAsync(site.Id, acme.Id, DnsName.Parse(name), Guid.NewGuid(), T0, Ct)).Sequence);
        }
        var parent = DnsName.Parse("example.org");

        Assert.Equal(3, await Store.Sites.CountChildrenAsync(acme.Id, parent, long.MaxValue, Ct));
        Assert.Equal(2, await Store.Sites.CountChildrenAsync(acme.Id, parent, added[1], Ct));
        Assert.Equal(0, await Store.Sites.CountChildrenAsync(Guid.NewGuid(), parent, long.MaxValue, Ct));
    }
}
