using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Tenants_read_back_as_stored_and_list_by_name()
    {
        var zeta = await AddTenantAsync("zeta", threshold: 5);
        var alpha = await AddTenantAsync("alpha");

        Assert.Equal(zeta, await Store.Tenants.GetTenantAsync(zeta.Id, Ct));
        Assert.Equal([alpha, zeta], await Store.Tenants.ListTenantsAsync(Ct));
        Assert.Null(await Store.Tenants.GetTenantAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task A_tenant_name_already_taken_is_a_conflict_on_add_and_on_update()
    {
        await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Tenants.AddTenantAsync(new Tenant(Guid.NewGuid(), "acme", null, T0), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Tenants.UpdateTenantAsync(other with { Name = "acme" }, Ct));
        Assert.Equal(2, (await Store.Tenants.ListTenantsAsync(Ct)).Count);
        Assert.Equal(other, await Store.Tenants.GetTenantAsync(other.Id, Ct));
    }

    [Fact]
    public async Task Updating_a_tenant_replaces_its_name_and_threshold()
    {
        var tenant = await AddTenantAsync("before", threshold: null);

        await Store.Tenants.UpdateTenantAsync(tenant with { Name = "after", WildcardThreshold = 7 }, Ct);

        Assert.Equal(tenant with { Name = "after", WildcardThreshold = 7 }, await Store.Tenants.GetTenantAsync(tenant.Id, Ct));
    }

    [Fact]
    public async Task A_token_is_found_by_its_hash_and_revoked_once()
    {
        var tenant = await AddTenantAsync("acme");
        var token = new ApiToken(Guid.NewGuid(), tenant.Id, "deploy", [1, 2, 3, 4], T0, RevokedAt: null);
        await Store.Tenants.AddTokenAsync(token, Ct);

        var found = await Store.Tenants.FindTokenByHashAsync([1, 2, 3, 4], Ct);
        Assert.NotNull(found);
        Assert.Equal((token.Id, token.TenantId, token.Name, token.CreatedAt), (found.Id, found.TenantId, found.Name, found.CreatedAt));
        Assert.Equal(token.Hash, found.Hash);
        Assert.True(found.IsActive);
        Assert.Null(await Store.Tenants.FindTokenByHashAsync([1, 2, 3, 5], Ct));

        Assert.True(await Store.Tenants.RevokeTokenAsync(token.Id, T0.AddHours(1), Ct));
        Assert.True(await Store.Tenants.RevokeTokenAsync(token.Id, T0.AddHours(2), Ct));
        var revoked = await Store.Tenants.FindTokenByHashAsync([1, 2, 3, 4], Ct);
        Assert.Equal(T0.AddHours(1), revoked?.RevokedAt);
        Assert.False(await Store.Tenants.RevokeTokenAsync(Guid.NewGuid(), T0, Ct));
    }

    [Fact]
    public async Task Tokens_list_per_tenant_newest_first_and_admin_tokens_apart()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var older = new ApiToken(Guid.NewGuid(), acme.Id, "older", [1], T0, null);
        var newer = new ApiToken(Guid.NewGuid(), acme.Id, "newer", [2], T0.AddMinutes(1), null);
        var admin = new ApiToken(Guid.NewGuid(), null, "admin", [3], T0, null);
        foreach (var token in new[] { older, newer, admin, new ApiToken(Guid.NewGuid(), other.Id, "theirs", [4], T0, null) })
        {
            await Store.Tenants.AddTokenAsync(token, Ct);
        }

        Assert.Equal(["newer", "older"], (await Store.Tenants.ListTokensAsync(acme.Id, Ct)).Select(t => t.Name));
        var admins = await Store.Tenants.ListTokensAsync(null, Ct);
        Assert.True(Assert.Single(admins).IsAdmin);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Tenants.AddTokenAsync(admin with { Id = Guid.NewGuid() }, Ct));
    }
}
