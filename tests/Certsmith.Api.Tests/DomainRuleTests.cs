using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>Issue 3 §6 and DESIGN.md "Holding a domain": names refused for what they are or whose they are, changing nothing.</summary>
public sealed class DomainRuleTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("co.uk")]
    [InlineData("github.io")]
    [InlineData("CO.UK")]
    public async Task A_public_suffix_is_refused_as_a_domain(string name)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name, kind = "external" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("public suffix", problem.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey("name"));
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Theory]
    [InlineData("", "equal")]
    [InlineData("shop.", "below")]
    public async Task A_name_another_tenant_holds_is_not_available_without_naming_the_holder(string prefix, string relation)
    {
        using var holder = await TenantSession.CreateAsync(fixture.Host);
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await holder.AddDomainAsync(domain);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name = prefix + domain, kind = "hostedZone" }).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("that name is not available", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(holder.TenantId, problem.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant ", problem.Raw, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
        Assert.NotEmpty(relation);
    }

    [Fact]
    public async Task A_name_above_another_tenants_domain_is_not_available()
    {
        using var holder = await TenantSession.CreateAsync(fixture.Host);
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await holder.AddDomainAsync("foo." + domain);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name = domain, kind = "hostedZone" }).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("that name is not available", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("foo.", problem.Raw, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_address_not_under_one_of_the_tenants_domains_is_refused()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        await tenant.AddDomainAsync(TenantSession.NewDomainName());
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites/{site["id"]}/addresses", new { name = "www." + TenantSession.NewDomainName() }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("is not under one of your domains", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_address_under_another_tenants_domain_is_refused_without_naming_it()
    {
        using var holder = await TenantSession.CreateAsync(fixture.Host);
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await holder.AddDomainAsync(domain);
        await tenant.AddDomainAsync(TenantSession.NewDomainName());
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites/{site["id"]}/addresses", new { name = "www." + domain }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.DoesNotContain(holder.TenantId, problem.Raw, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_address_already_in_use_is_not_available()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("shop");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites/{site["id"]}/addresses", new { name = "WWW." + domain }).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("that name is not available", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_domain_kind_is_refused_naming_the_kinds()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name = TenantSession.NewDomainName(), kind = "dns" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("hostedZone", Assert.Single(problem.Errors["kind"]), StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_backend_pointing_at_the_platforms_own_listener_is_refused()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites", new { name = "loop", backend = fixture.Host.BaseAddress.ToString() }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("platform's own listeners", Assert.Single(problem.Errors["backend"]), StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }
}
