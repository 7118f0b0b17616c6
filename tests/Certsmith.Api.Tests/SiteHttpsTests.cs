using System.Net;
using System.Net.Http.Json;

namespace Certsmith.Api.Tests;

/// <summary>A site's force-HTTPS and HSTS settings through the API: stored as given, refused with the field when wrong, never another tenant's.</summary>
public sealed class SiteHttpsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Settings_are_stored_and_shown_and_switched_off_by_leaving_them_out()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("shop");
        var path = $"{tenant.Base}/sites/{site["id"]}/https";

        var on = await tenant.Client.PutAsJsonAsync(path, new { forceHttps = true, hstsMaxAgeSeconds = 31536000, hstsIncludeSubDomains = true, hstsPreload = true }).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool?)on["forceHttps"]);
        Assert.Equal(31536000, (long?)on["hstsMaxAgeSeconds"]);
        Assert.True((bool?)on["hstsIncludeSubDomains"]);
        Assert.True((bool?)on["hstsPreload"]);
        Assert.True((bool?)(await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK))["hstsPreload"]);

        var off = await tenant.Client.PutAsJsonAsync(path, new { }).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool?)off["forceHttps"]);
        Assert.Null(off["hstsMaxAgeSeconds"]);
        Assert.False((bool?)off["hstsIncludeSubDomains"]);
    }

    [Theory]
    [InlineData(-1, false, false, "hstsMaxAgeSeconds")]
    [InlineData(63072001, false, false, "hstsMaxAgeSeconds")]
    [InlineData(null, true, false, "hstsMaxAgeSeconds")]
    [InlineData(31536000, false, true, "hstsPreload")]
    [InlineData(86400, true, true, "hstsPreload")]
    public async Task Wrong_hsts_settings_are_refused_with_the_field_and_change_nothing(int? maxAge, bool includeSubDomains, bool preload, string field)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PutAsJsonAsync($"{tenant.Base}/sites/{site["id"]}/https",
            new { forceHttps = true, hstsMaxAgeSeconds = maxAge, hstsIncludeSubDomains = includeSubDomains, hstsPreload = preload }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey(field), problem.Raw);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task Another_tenants_site_is_not_found_and_unchanged()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var site = await b.CreateSiteAsync("shop");
        var before = await b.SnapshotAsync();

        await a.Client.PutAsJsonAsync($"{b.Base}/sites/{site["id"]}/https", new { forceHttps = true }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Client.PutAsJsonAsync($"{a.Base}/sites/{site["id"]}/https", new { forceHttps = true }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await b.SnapshotAsync());
    }
}
