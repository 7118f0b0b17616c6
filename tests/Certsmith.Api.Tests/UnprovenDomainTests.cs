using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>Without the local "proven without DNS" mode: an external domain shows the TXT record to publish and blocks nothing until proven.</summary>
public sealed class UnprovenDomainTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(markDomainsProven: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_external_domain_shows_its_txt_record_and_proving_without_it_is_refused()
    {
        using var tenant = await TenantSession.CreateAsync(_host);
        var name = TenantSession.NewDomainName();

        var domain = await tenant.AddDomainAsync(name, "external");

        Assert.Equal("pending", (string?)domain["state"]);
        var shown = await tenant.Client.GetAsync($"{tenant.Base}/domains/{domain["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("_certsmith." + name, (string?)shown["verification"]!["recordName"]);
        Assert.Equal("TXT", (string?)shown["verification"]!["recordType"]);
        var value = (string)shown["verification"]!["value"]!;
        Assert.Null((await tenant.Client.GetAsync($"{tenant.Base}/domains").ExpectAsync(HttpStatusCode.OK)).AsArray().Single()!["verification"]);
        var problem = await tenant.Client.PostAsync($"{tenant.Base}/domains/{domain["id"]}/prove", null).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(value, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_cannot_claim_a_hosted_zone_only_an_admin_assigns_one()
    {
        using var tenant = await TenantSession.CreateAsync(_host);
        var name = TenantSession.NewDomainName();
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name, kind = "hostedZone" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("assigned by the platform's administrators", problem.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey("kind"));
        Assert.Equal(before, await tenant.SnapshotAsync());
        // The admin may assign it; without DNS configured it stays pending and says why.
        using var admin = _host.Client(_host.AdminToken);
        var assigned = await admin.PostJsonAsync($"{tenant.Base}/domains", new { name, kind = "hostedZone" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("pending", (string?)assigned["state"]);
        Assert.Contains("no DNS configured", (string?)assigned["checkError"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_under_an_unproven_domain_is_refused_and_nothing_changes()
    {
        using var tenant = await TenantSession.CreateAsync(_host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name, "external");
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites/{site["id"]}/addresses", new { name = "www." + name }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("not proven yet", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }
}
