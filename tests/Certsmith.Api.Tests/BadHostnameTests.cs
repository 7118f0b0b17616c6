using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>Issue 3 §6: every malformed host name is refused with a message naming the problem, and changes nothing.</summary>
public sealed class BadHostnameTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly string Name254 = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 62));

    public static TheoryData<string, string> BadNames => new()
    {
        { "", "empty" },
        { "   ", "empty" },
        { Name254, "254 characters long; at most 253" },
        { new string('x', 64) + ".example.org", "at most 63" },
        { "exa_mple.org", "'_' is not allowed" },
        { "exa mple.org", "' ' is not allowed" },
        { "shop!.example.org", "'!' is not allowed" },
        { "-shop.example.org", "hyphen" },
        { "www..example.org", "empty label" },
        { "www.example.org.", "ends with a dot" },
        { "192.0.2.1", "IP address" },
        { "2001:db8::1", "IP address" },
        { "[2001:db8::1]", "IP address" },
        { "*.example.org", "wildcard" },
        { "localhost", "at least two labels" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_malformed_domain_name_is_refused_naming_the_problem_and_nothing_changes(string name, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/domains", new { name, kind = "hostedZone" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(expected, Assert.Single(problem.Errors["name"]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_malformed_site_address_is_refused_naming_the_problem_and_nothing_changes(string name, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        await tenant.AddDomainAsync(TenantSession.NewDomainName());
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/sites/{site["id"]}/addresses", new { name }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(problem.Errors.ContainsKey("name"), problem.Raw);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task The_longest_allowed_name_and_label_are_accepted()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("long");
        var label63 = new string('l', 63);
        var name253 = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('e', 253 - (3 * 64) - 1 - domain.Length), domain);
        Assert.Equal(253, name253.Length);

        Assert.Equal($"{label63}.{domain}", (string?)(await tenant.AddAddressAsync((string)site["id"]!, $"{label63}.{domain}"))["name"]);
        Assert.Equal(name253, (string?)(await tenant.AddAddressAsync((string)site["id"]!, name253))["name"]);
    }
}
