using System.Net;
using System.Net.Http.Json;

namespace Certsmith.Api.Tests;

/// <summary>Issue 6 through the API without DNS configured: wildcard requests, delegations and the tenant threshold refuse clearly and change nothing.</summary>
public sealed class WildcardApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_wildcard_request_without_dns_says_why_and_changes_nothing()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/wildcards", new { parent = domain }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("needs DNS-01", problem.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey("parent"));
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a name")]
    [InlineData("*.*.example.org")]
    [InlineData("org")]
    public async Task A_malformed_parent_is_refused_with_the_field(string parent)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/wildcards", new { parent }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("parent"), problem.Raw);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_delegation_needs_a_challenge_zone()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain, "external");

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/delegations", new { parent = domain }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("no challenge zone", problem.Detail, StringComparison.Ordinal);
        Assert.Empty((await tenant.Client.GetAsync($"{tenant.Base}/delegations").ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Only_a_platform_admin_changes_a_tenants_wildcard_threshold()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        await tenant.Client.PatchAsJsonAsync(tenant.Base, new { wildcardThreshold = 5 }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var refused = await admin.PatchAsJsonAsync(tenant.Base, new { wildcardThreshold = 1 }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.Errors.ContainsKey("wildcardThreshold"));
        Assert.Null((await admin.GetAsync(tenant.Base).ExpectAsync(HttpStatusCode.OK))["wildcardThreshold"]);

        var changed = await admin.PatchAsJsonAsync(tenant.Base, new { wildcardThreshold = 5 }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, (int?)changed["wildcardThreshold"]);
        Assert.Equal(5, (int?)(await tenant.Client.GetAsync(tenant.Base).ExpectAsync(HttpStatusCode.OK))["wildcardThreshold"]);
    }

    [Fact]
    public async Task Tenant_A_cannot_touch_tenant_Bs_wildcards_delegations_or_threshold()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var before = await b.SnapshotAsync();
        var someId = Guid.NewGuid();

        await a.Client.PostJsonAsync($"{b.Base}/wildcards", new { parent = "example.org" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.DeleteAsync($"{b.Base}/wildcards/{someId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.DeleteAsync($"{a.Base}/wildcards/{someId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.GetAsync($"{b.Base}/delegations").ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PostJsonAsync($"{b.Base}/delegations", new { parent = "example.org" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PostAsync($"{a.Base}/delegations/{someId}/check", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PatchAsJsonAsync(b.Base, new { wildcardThreshold = 5 }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await b.SnapshotAsync());
    }
}
