using System.Net;
using Certsmith.Testing;

namespace Certsmith.Api.Tests;

/// <summary>A tenant cannot see or change another tenant's objects (404, as if they did not exist); the admin can.</summary>
public sealed class TenantIsolationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Tenant_A_gets_not_found_for_everything_of_tenant_B_and_changes_nothing()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var (domainId, siteId, addressId, certificateId, tokenId) = await PopulateAsync(b);
        var before = await b.SnapshotAsync();

        // B's objects through B's tenant id, and through A's own tenant id: both "not found".
        foreach (var tenantBase in new[] { b.Base, a.Base })
        {
            foreach (var (method, path) in new[]
            {
                ("GET", ""), ("GET", "/domains"), ("GET", $"/domains/{domainId}"), ("POST", $"/domains/{domainId}/prove"),
                ("GET", "/sites"), ("GET", $"/sites/{siteId}"), ("DELETE", $"/sites/{siteId}"), ("GET", $"/sites/{siteId}/addresses"),
                ("DELETE", $"/sites/{siteId}/addresses/{addressId}"), ("GET", $"/addresses/{addressId}"),
                ("GET", "/certificates"), ("GET", $"/certificates/{certificateId}"), ("GET", $"/certificates/{certificateId}/events"),
                ("GET", "/tokens"), ("DELETE", $"/tokens/{tokenId}"),
            })
            {
                if (tenantBase == a.Base && path is "" or "/domains" or "/sites" or "/certificates" or "/tokens")
                {
                    continue; // A's own lists are A's to see.
                }
                using var request = new HttpRequestMessage(new HttpMethod(method), tenantBase + path);
                var problem = await a.Client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.NotFound);
                Assert.DoesNotContain(b.TenantId, problem.Detail, StringComparison.Ordinal);
            }
        }
        await a.Client.PostJsonAsync($"{b.Base}/sites", new { name = "intruder" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PostJsonAsync($"{b.Base}/sites/{siteId}/addresses", new { name = "x.example.org" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PostJsonAsync($"{a.Base}/sites/{siteId}/addresses", new { name = "x.example.org" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{a.Base}/sites/{siteId}") { Content = System.Net.Http.Json.JsonContent.Create(new { backend = (string?)null }) };
        await a.Client.SendAsync(patch).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await b.SnapshotAsync());
    }

    [Fact]
    public async Task Every_tenant_route_in_the_openapi_document_is_not_found_for_another_tenants_token()
    {
        using var ca = new OtherCa();
        var a = await TenantWorld.CreateAsync(fixture.Host, ca);
        var b = await TenantWorld.CreateAsync(fixture.Host, ca);
        var operations = (await ApiRoutes.ReadAsync(fixture.Host)).Where(o => o.IsTenantScoped).ToList();
        var beforeA = await a.Api.SnapshotAsync();
        var beforeB = await b.Api.SnapshotAsync();

        foreach (var operation in operations)
        {
            // B's tenant id; and A's own tenant id with B's objects in the rest of the path.
            foreach (var tenantId in operation.NamesAnObject ? new[] { b.TenantId, a.TenantId } : [b.TenantId])
            {
                using var request = ApiRoutes.Request(operation, tenantId, b, ca);
                var problem = await a.Api.Client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.NotFound);
                Assert.DoesNotContain(b.TenantId, problem.Detail, StringComparison.Ordinal);
                Assert.DoesNotContain(b.Domain, problem.Raw, StringComparison.Ordinal);
            }
        }

        Assert.True(operations.Count >= 35, $"only {operations.Count} tenant operations in the OpenAPI document");
        Assert.Equal(beforeB, await b.Api.SnapshotAsync());
        Assert.Equal(beforeA, await a.Api.SnapshotAsync());
    }

    [Fact]
    public async Task The_admin_sees_and_changes_any_tenants_objects()
    {
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var (domainId, siteId, addressId, certificateId, _) = await PopulateAsync(b);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        await admin.GetAsync($"{b.Base}/domains/{domainId}").ExpectAsync(HttpStatusCode.OK);
        await admin.GetAsync($"{b.Base}/sites/{siteId}").ExpectAsync(HttpStatusCode.OK);
        await admin.GetAsync($"{b.Base}/addresses/{addressId}").ExpectAsync(HttpStatusCode.OK);
        await admin.GetAsync($"{b.Base}/certificates/{certificateId}").ExpectAsync(HttpStatusCode.OK);
        await admin.DeleteAsync($"{b.Base}/sites/{siteId}/addresses/{addressId}").ExpectAsync(HttpStatusCode.NoContent);

        var site = await b.Client.GetAsync($"{b.Base}/sites/{siteId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(site["addresses"]!.AsArray());
    }

    [Fact]
    public async Task A_tenant_token_may_not_create_tenants_and_lists_only_its_own()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var tenantsBefore = await admin.GetTextAsync("/api/v1/tenants");

        var problem = await a.Client.PostJsonAsync("/api/v1/tenants", new { name = "mine now" }).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("platform admin", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(tenantsBefore, await admin.GetTextAsync("/api/v1/tenants"));
        var own = (await a.Client.GetAsync("/api/v1/tenants").ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(a.TenantId, (string?)Assert.Single(own)!["id"]);
        Assert.Contains(b.TenantId, tenantsBefore, StringComparison.Ordinal);
    }

    private static async Task<(string Domain, string Site, string Address, string Certificate, string Token)> PopulateAsync(TenantSession tenant)
    {
        var name = TenantSession.NewDomainName();
        var domain = await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        var token = await tenant.Client.PostJsonAsync($"{tenant.Base}/tokens", new { name = "other" }).ExpectAsync(HttpStatusCode.Created);
        return ((string)domain["id"]!, (string)site["id"]!, (string)address["id"]!, (string)address["certificateId"]!, (string)token["id"]!);
    }
}
