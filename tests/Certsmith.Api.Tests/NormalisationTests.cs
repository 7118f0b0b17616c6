using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>Issue 3 §6: upper-case and Unicode names are normalised to the lower-case A-label and accepted.</summary>
public sealed class NormalisationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Upper_case_and_unicode_names_become_lower_case_a_labels()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var domain = await tenant.AddDomainAsync("Example.ORG");
        var site = await tenant.CreateSiteAsync("books");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "Bücher.Example.ORG");

        Assert.Equal("example.org", (string?)domain["name"]);
        Assert.Equal("xn--bcher-kva.example.org", (string?)address["name"]);
        var detail = await tenant.Client.GetAsync($"{tenant.Base}/addresses/{address["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("xn--bcher-kva.example.org", (string?)detail["name"]);
        var certificate = await tenant.Client.GetAsync($"{tenant.Base}/certificates/{address["certificateId"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("xn--bcher-kva.example.org", (string?)Assert.Single(certificate["names"]!.AsArray()));
    }

    [Fact]
    public async Task A_unicode_domain_is_stored_as_its_a_label_and_the_same_name_in_another_form_is_not_available()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        using var other = await TenantSession.CreateAsync(fixture.Host);

        var domain = await tenant.AddDomainAsync("MÜNCHEN-Café.de");

        var aLabel = (string)domain["name"]!;
        Assert.Matches("^xn--[a-z0-9-]+\\.de$", aLabel);
        var problem = await other.Client.PostJsonAsync($"{other.Base}/domains", new { name = aLabel.ToUpperInvariant(), kind = "hostedZone" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("that name is not available", problem.Detail, StringComparison.Ordinal);
    }
}
