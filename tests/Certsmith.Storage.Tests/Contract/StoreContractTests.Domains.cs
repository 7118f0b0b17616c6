using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>DESIGN.md, "Holding a domain": a name equal to, above or below another tenant's is not available.</summary>
public abstract partial class StoreContractTests
{
    private const string NotAvailable = "that name is not available";

    [Fact]
    public async Task Domains_read_back_as_stored_and_list_by_name()
    {
        var tenant = await AddTenantAsync("acme");
        var shop = await AddDomainAsync(tenant, "shop.example.org", DomainState.Pending);
        var apex = await AddDomainAsync(tenant, "example.org");

        Assert.Equal(shop, await Store.Domains.GetDomainAsync(shop.Id, Ct));
        Assert.Equal([apex, shop], await Store.Domains.ListDomainsAsync(tenant.Id, Ct));
        Assert.Empty(await Store.Domains.ListDomainsAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.Domains.GetDomainAsync(Guid.NewGuid(), Ct));
    }

    [Theory]
    [InlineData("shop.example.org")]
    [InlineData("example.org")]
    [InlineData("a.shop.example.org")]
    public async Task A_name_equal_to_above_or_below_another_tenants_domain_is_not_available(string wanted)
    {
        var holder = await AddTenantAsync("holder");
        var other = await AddTenantAsync("other");
        await AddDomainAsync(holder, "shop.example.org");

        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Domains.AddDomainAsync(NewDomain(other, wanted), Ct));

        Assert.Equal(NotAvailable, refused.Message);
        Assert.Empty(await Store.Domains.ListDomainsAsync(other.Id, Ct));
    }

    [Fact]
    public async Task The_refusal_never_names_the_holder_and_stores_nothing()
    {
        var holder = await AddTenantAsync("Secret Holder Ltd");
        var other = await AddTenantAsync("other");
        var held = await AddDomainAsync(holder, "example.org");

        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Domains.AddDomainAsync(NewDomain(other, "www.example.org"), Ct));

        Assert.DoesNotContain("Secret", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(holder.Id.ToString(), refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(held.Id.ToString(), refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await Store.Domains.ListDomainsAsync(other.Id, Ct));
        Assert.Null(await Store.Domains.FindHoldingDomainAsync(other.Id, DnsName.Parse("www.example.org"), Ct));
    }

    [Theory]
    [InlineData("example.org", "example.net")]
    [InlineData("example.org", "ample.org")]
    [InlineData("example.org", "notexample.org")]
    [InlineData("example.org", "example.org.uk")]
    [InlineData("a.example.org", "b.example.org")]
    [InlineData("shop.example.org", "x.blog.example.org")]
    public async Task Unrelated_names_and_sibling_subdomains_stay_available(string held, string wanted)
    {
        var holder = await AddTenantAsync("holder");
        var other = await AddTenantAsync("other");
        await AddDomainAsync(holder, held);

        var domain = NewDomain(other, wanted);
        await Store.Domains.AddDomainAsync(domain, Ct);

        Assert.Equal(domain, await Store.Domains.GetDomainAsync(domain.Id, Ct));
    }

    [Fact]
    public async Task A_tenant_cannot_add_the_same_domain_twice_but_may_hold_nested_ones()
    {
        var tenant = await AddTenantAsync("acme");
        await AddDomainAsync(tenant, "example.org", DomainState.Pending);

        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Domains.AddDomainAsync(NewDomain(tenant, "example.org"), Ct));
        Assert.Equal(NotAvailable, refused.Message);

        await AddDomainAsync(tenant, "shop.example.org");
        Assert.Equal(2, (await Store.Domains.ListDomainsAsync(tenant.Id, Ct)).Count);
    }

    [Fact]
    public async Task An_unproven_domain_blocks_no_one_and_proving_rechecks_the_rule()
    {
        var squatter = await AddTenantAsync("squatter");
        var owner = await AddTenantAsync("owner");
        var squatted = await AddDomainAsync(squatter, "example.org", DomainState.Pending);

        var owned = await AddDomainAsync(owner, "www.example.org", DomainState.Pending);
        Assert.True(await Store.Domains.SetDomainStateAsync(owned.Id, DomainState.Proven, Ct));

        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Domains.SetDomainStateAsync(squatted.Id, DomainState.Proven, Ct));
        Assert.Equal(NotAvailable, refused.Message);
        Assert.Equal(DomainState.Pending, (await Store.Domains.GetDomainAsync(squatted.Id, Ct))?.State);
        Assert.True(await Store.Domains.SetDomainStateAsync(squatted.Id, DomainState.Pending, Ct));
    }

    [Fact]
    public async Task Setting_state_and_removing_answer_false_for_a_missing_domain_and_removal_frees_the_name()
    {
        var holder = await AddTenantAsync("holder");
        var other = await AddTenantAsync("other");
        var held = await AddDomainAsync(holder, "example.org");

        Assert.False(await Store.Domains.SetDomainStateAsync(Guid.NewGuid(), DomainState.Proven, Ct));
        Assert.False(await Store.Domains.RemoveDomainAsync(Guid.NewGuid(), Ct));
        Assert.True(await Store.Domains.RemoveDomainAsync(held.Id, Ct));
        Assert.Null(await Store.Domains.GetDomainAsync(held.Id, Ct));

        await AddDomainAsync(other, "example.org");
        Assert.Single(await Store.Domains.ListDomainsAsync(other.Id, Ct));
    }

    [Fact]
    public async Task The_holding_domain_is_the_tenants_most_specific_at_or_above_the_name()
    {
        var tenant = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var apex = await AddDomainAsync(tenant, "example.org");
        var shop = await AddDomainAsync(tenant, "shop.example.org", DomainState.Pending);
        await AddDomainAsync(other, "example.net");

        Assert.Equal(shop, await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.Parse("a.b.shop.example.org"), Ct));
        Assert.Equal(shop, await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.Parse("shop.example.org"), Ct));
        Assert.Equal(apex, await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.Parse("blog.example.org"), Ct));
        Assert.Equal(apex, await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.ParseWildcard("*.example.org"), Ct));
        Assert.Null(await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.Parse("notexample.org"), Ct));
        Assert.Null(await Store.Domains.FindHoldingDomainAsync(tenant.Id, DnsName.Parse("www.example.net"), Ct));
    }

    [Fact]
    public async Task Nodes_adding_one_name_for_different_tenants_at_once_let_exactly_one_win()
    {
        var tenants = new List<Tenant>();
        for (var i = 0; i < 4; i++)
        {
            tenants.Add(await AddTenantAsync($"tenant{i}"));
        }
        var nodes = new[] { Store, OpenAnotherNode() };

        for (var round = 0; round < 20; round++)
        {
            // Equal, above and below: whichever commits first holds the name.
            string[] names = [$"race{round}.example.org", $"www.race{round}.example.org", $"race{round}.example.org", $"a.www.race{round}.example.org"];
            var results = await Task.WhenAll(tenants.Select((tenant, i) => Task.Run(() => TryAsync(nodes[i % 2].Domains.AddDomainAsync(NewDomain(tenant, names[i]), Ct)))));

            Assert.Equal(1, results.Count(won => won));
        }

        static async Task<bool> TryAsync(Task add)
        {
            try
            {
                await add;
                return true;
            }
            catch (StoreConflictException)
            {
                return false;
            }
        }
    }
}
