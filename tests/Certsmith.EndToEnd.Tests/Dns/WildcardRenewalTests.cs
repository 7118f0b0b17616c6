namespace Certsmith.EndToEnd.Tests.Dns;

/// <summary>
/// Short-lived certificates (20 s) on Knot and Pebble: a wildcard renews by DNS-01 like any managed certificate, and
/// with Platform:MoveToWildcardAtRenewal the addresses that had their own certificates move to the parent's wildcard
/// at their next renewal, their own certificates retired instead of renewed.
/// </summary>
public sealed class WildcardRenewalTests(DnsBench dns) : IClassFixture<DnsBench>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task At_renewal_the_first_addresses_move_to_the_wildcard_and_the_wildcard_renews_by_dns01()
    {
        await using var platform = new PlatformFixture();
        foreach (var (key, value) in dns.PlatformSettings())
        {
            platform.Settings[key] = value;
        }
        platform.Settings["LocalCa:CertificateValiditySeconds"] = "20";
        platform.Settings["Platform:MoveToWildcardAtRenewal"] = "true";
        await platform.InitializeAsync();
        var tenant = await DnsBench.HostedTenantAsync(platform.Api, "renew.test", threshold: 3);
        string[] names = ["r1.renew.test", "r2.renew.test", "r3.renew.test"];

        await DnsBench.AddSiteAsync(platform.Api, tenant, names);
        await DnsBench.WaitForServedAsync(platform, new Dictionary<string, string> { [names[0]] = names[0], [names[1]] = names[1], [names[2]] = "*.renew.test" }, Timeout);

        // Their own certificates come up for renewal at about half their 20 s: instead, both move to the wildcard.
        await DnsBench.WaitForServedAsync(platform, names.ToDictionary(n => n, _ => "*.renew.test"), Timeout);
        var certificates = (await platform.Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        Assert.All(certificates.Where(c => !((string)c!["names"]![0]!).StartsWith('*')), c => Assert.Equal("retired", (string?)c!["state"]));
        var wildcard = certificates.Single(c => (string?)c!["names"]![0] == "*.renew.test")!;
        await DnsBench.WaitForCertificateAsync(platform.Api, tenant, (string)wildcard["id"]!, c => (string?)c["serialNumber"] != (string?)wildcard["serialNumber"] && (string?)c["state"] == "valid", Timeout);
        var events = (await platform.Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates/{wildcard["id"]}/events")).AsArray();
        Assert.True(events.Count(e => (string?)e!["kind"] == "order.created") >= 2, "the wildcard was renewed with a new order");
        Assert.Empty(await dns.ChallengeRecordsAsync("renew.test"));
    }
}
