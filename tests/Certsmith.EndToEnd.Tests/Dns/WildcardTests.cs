using System.Net;

namespace Certsmith.EndToEnd.Tests.Dns;

/// <summary>
/// Issue 6 on a real Knot and a real Pebble: the wildcard policy from the threshold-th address, wildcards on request,
/// the ownership rule, delegation by CNAME, fallback to single names while a wildcard cannot be obtained, and no TXT
/// record left behind.
/// </summary>
public sealed class WildcardTests(DnsBench dns) : IClassFixture<DnsBench>, IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private PlatformFixture _platform = null!;

    private HttpClient Api => _platform.Api;

    public async Task InitializeAsync()
    {
        _platform = new PlatformFixture();
        foreach (var (key, value) in dns.PlatformSettings())
        {
            _platform.Settings[key] = value;
        }
        await _platform.InitializeAsync();
    }

    public Task DisposeAsync() => _platform.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public async Task Twenty_five_addresses_under_one_parent_give_nineteen_certificates_of_their_own_and_one_wildcard()
    {
        var tenant = await DnsBench.HostedTenantAsync(Api, "big.test");
        var names = Enumerable.Range(1, 25).Select(i => $"s{i}.big.test").ToList();

        await DnsBench.AddSiteAsync(Api, tenant, names);

        // A TLS client with SNI gets their own for the first 19 and the wildcard for the 20th to 25th.
        await DnsBench.WaitForServedAsync(_platform, names.Select((n, i) => (n, i < 19 ? n : "*.big.test")).ToDictionary(), Timeout);
        var certificates = await DnsBench.LiveCertificatesAsync(Api, tenant);
        Assert.Equal(20, certificates.Count);
        Assert.Single(certificates, c => (string?)c["names"]![0] == "*.big.test");
        Assert.Equal(20, await DnsBench.OrdersAsync(Api, tenant));
        var wildcardId = certificates.Single(c => (string?)c["names"]![0] == "*.big.test")["id"];
        var events = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates/{wildcardId}/events")).AsArray();
        Assert.Contains(events, e => ((string?)e!["message"])?.Contains("wildcard: 20th address under big.test (threshold 20)", StringComparison.Ordinal) == true);
        Assert.Empty(await dns.ChallengeRecordsAsync("big.test"));
    }

    [Fact]
    public async Task A_tenant_threshold_of_five_changes_that_tenant_only()
    {
        var five = await DnsBench.HostedTenantAsync(Api, "five.test");
        var other = await DnsBench.HostedTenantAsync(Api, "other-five.test");
        var changed = await Api.PatchJsonAsync($"/api/v1/tenants/{five}", new { wildcardThreshold = 5 });
        Assert.Equal(5, (int?)changed["wildcardThreshold"]);
        var fiveNames = Enumerable.Range(1, 6).Select(i => $"n{i}.five.test").ToList();
        var otherNames = Enumerable.Range(1, 6).Select(i => $"n{i}.other-five.test").ToList();

        await DnsBench.AddSiteAsync(Api, five, fiveNames);
        await DnsBench.AddSiteAsync(Api, other, otherNames);
        await DnsBench.WaitForServedAsync(_platform, fiveNames.Select((n, i) => (n, i < 4 ? n : "*.five.test")).ToDictionary(), Timeout);
        await DnsBench.WaitForServedAsync(_platform, otherNames.ToDictionary(n => n), Timeout);

        Assert.Equal(5, (await DnsBench.LiveCertificatesAsync(Api, five)).Count);
        var otherCertificates = await DnsBench.LiveCertificatesAsync(Api, other);
        Assert.Equal(6, otherCertificates.Count);
        Assert.DoesNotContain(otherCertificates, c => ((string?)c["names"]![0])!.StartsWith('*'));
    }

    [Fact]
    public async Task A_wildcard_requested_before_the_threshold_means_later_addresses_need_no_order()
    {
        var tenant = await DnsBench.HostedTenantAsync(Api, "early.test");
        var wildcard = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "early.test" });
        Assert.Equal(["*.early.test"], wildcard["names"]!.AsArray().Select(n => (string?)n));
        Assert.True((bool?)wildcard["requested"]);
        await DnsBench.WaitForCertificateAsync(Api, tenant, (string)wildcard["id"]!, c => (string?)c["state"] == "valid", Timeout);

        string[] names = ["a.early.test", "b.early.test", "c.early.test"];
        await DnsBench.AddSiteAsync(Api, tenant, names);

        await DnsBench.WaitForServedAsync(_platform, names.ToDictionary(n => n, _ => "*.early.test"), Timeout);
        Assert.Single(await DnsBench.LiveCertificatesAsync(Api, tenant));
        Assert.Equal(1, await DnsBench.OrdersAsync(Api, tenant));
    }

    [Fact]
    public async Task A_delegated_subdomain_tenant_is_refused_the_wildcard_above_it_but_gets_its_own_names()
    {
        var tenant = await DnsBench.HostedTenantAsync(Api, "shop.deleg.test");

        var refused = await Api.PostAsync($"/api/v1/tenants/{tenant}/wildcards", JsonContent(new { parent = "deleg.test" }));
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("you hold shop.deleg.test, not deleg.test", problem, StringComparison.Ordinal);
        Assert.Empty(await DnsBench.LiveCertificatesAsync(Api, tenant));

        var below = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "shop.deleg.test" });
        await DnsBench.AddSiteAsync(Api, tenant, ["www.shop.deleg.test", "shop.deleg.test"]);
        await DnsBench.WaitForServedAsync(_platform, new Dictionary<string, string> { ["www.shop.deleg.test"] = "*.shop.deleg.test", ["shop.deleg.test"] = "shop.deleg.test" }, Timeout);
        Assert.Equal(["*.shop.deleg.test"], below["names"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task An_external_domain_gets_a_wildcard_only_once_its_acme_challenge_cname_is_verified()
    {
        var tenant = (string)(await Api.PostJsonAsync("/api/v1/tenants", new { name = $"t-{Guid.NewGuid():N}" }))["id"]!;
        var domain = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/domains", new { name = "elsewhere.test", kind = "external" });
        Assert.Equal("pending", (string?)domain["state"]);
        // The tenant publishes the proof in its own DNS; the platform checks it for real.
        await dns.Knot.AddRecordAsync("elsewhere.test", "_certsmith.elsewhere.test", "TXT", $"\"{domain["verification"]!["value"]}\"", 60, CancellationToken.None);
        var proven = await Api.PostActionAsync($"/api/v1/tenants/{tenant}/domains/{domain["id"]}/prove");
        Assert.Equal("proven", (string?)proven["state"]);

        // Without the CNAME: refused, with the exact record to create.
        var refused = await Api.PostAsync($"/api/v1/tenants/{tenant}/wildcards", JsonContent(new { parent = "elsewhere.test" }));
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("_acme-challenge.elsewhere.test. CNAME", problem, StringComparison.Ordinal);

        var delegation = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/delegations", new { parent = "elsewhere.test" });
        var target = (string)delegation["target"]!;
        Assert.EndsWith("." + DnsBench.ChallengeZone, target, StringComparison.Ordinal);
        Assert.Contains(target, problem, StringComparison.Ordinal);
        await dns.Knot.AddRecordAsync("elsewhere.test", "_acme-challenge.elsewhere.test", "CNAME", target + ".", 60, CancellationToken.None);
        var verified = await Api.PostActionAsync($"/api/v1/tenants/{tenant}/delegations/{delegation["id"]}/check");
        Assert.True((bool?)verified["verified"]);

        var wildcard = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "elsewhere.test" });
        await DnsBench.WaitForCertificateAsync(Api, tenant, (string)wildcard["id"]!, c => (string?)c["state"] == "valid", Timeout);
        Assert.Empty(await dns.ChallengeRecordsAsync(DnsBench.ChallengeZone));
        Assert.Empty(await dns.ChallengeRecordsAsync("elsewhere.test"));
    }

    [Fact]
    public async Task A_wildcard_whose_zone_refuses_updates_leaves_no_address_without_https()
    {
        var tenant = await DnsBench.HostedTenantAsync(Api, DnsBench.FrozenZone, threshold: 3);
        string[] names = ["f1.frozen.test", "f2.frozen.test", "f3.frozen.test", "f4.frozen.test"];

        await DnsBench.AddSiteAsync(Api, tenant, names);

        // The wildcard is ordered at the 3rd address, cannot be written, and its addresses get their own by HTTP-01.
        await DnsBench.WaitForServedAsync(_platform, names.ToDictionary(n => n), Timeout);
        var wildcard = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray().Single(c => (string?)c!["names"]![0] == "*.frozen.test")!;
        Assert.True((bool?)wildcard["unobtainable"]);
        Assert.Contains("frozen.test", (string?)wildcard["lastError"], StringComparison.Ordinal);
        var wildcardEvents = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates/{wildcard["id"]}/events")).AsArray();
        Assert.DoesNotContain(wildcardEvents, e => (string?)e!["kind"] == "order.created");
    }

    [Fact]
    public async Task Addresses_on_stand_ins_move_to_the_wildcard_once_it_can_be_obtained()
    {
        var tenant = await DnsBench.HostedTenantAsync(Api, "thaw.test", threshold: 3);
        // The DNS refuses updates to the zone for now (as a server does under maintenance): REFUSED.
        await dns.Knot.FreezeUpdatesAsync("thaw.test", CancellationToken.None);
        string[] names = ["t1.thaw.test", "t2.thaw.test", "t3.thaw.test"];
        await DnsBench.AddSiteAsync(Api, tenant, names);
        await DnsBench.WaitForServedAsync(_platform, names.ToDictionary(n => n), Timeout);
        var wildcard = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray().Single(c => (string?)c!["names"]![0] == "*.thaw.test")!;
        Assert.True((bool?)wildcard["unobtainable"]);

        await dns.Knot.ThawUpdatesAsync("thaw.test", CancellationToken.None);

        // The wildcard keeps retrying on its ladder; once issued, the 3rd address (the one waiting for it) moves to it,
        // its stand-in is retired, and the first two keep their own.
        await DnsBench.WaitForServedAsync(_platform, new Dictionary<string, string> { [names[0]] = names[0], [names[1]] = names[1], [names[2]] = "*.thaw.test" }, Timeout);
        var certificates = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        Assert.False((bool?)certificates.Single(c => (string?)c!["names"]![0] == "*.thaw.test")!["unobtainable"]);
        Assert.Equal("retired", (string?)certificates.Single(c => (string?)c!["names"]![0] == names[2])!["state"]);
        Assert.Empty(await dns.ChallengeRecordsAsync("thaw.test"));
    }

    [Fact]
    public async Task A_lost_cname_sends_new_children_to_certificates_of_their_own_and_the_wildcard_keeps_retrying()
    {
        var tenant = (string)(await Api.PostJsonAsync("/api/v1/tenants", new { name = $"t-{Guid.NewGuid():N}", wildcardThreshold = 2 }))["id"]!;
        var domain = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/domains", new { name = "lost.test", kind = "external" });
        await dns.Knot.AddRecordAsync("lost.test", "_certsmith.lost.test", "TXT", $"\"{domain["verification"]!["value"]}\"", 60, CancellationToken.None);
        await Api.PostActionAsync($"/api/v1/tenants/{tenant}/domains/{domain["id"]}/prove");
        var delegation = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/delegations", new { parent = "lost.test" });
        await dns.Knot.AddRecordAsync("lost.test", "_acme-challenge.lost.test", "CNAME", delegation["target"] + ".", 60, CancellationToken.None);
        Assert.True((bool?)(await Api.PostActionAsync($"/api/v1/tenants/{tenant}/delegations/{delegation["id"]}/check"))["verified"]);
        // The tenant removes the CNAME from its DNS after the platform checked it.
        await dns.Knot.RemoveRecordsAsync("lost.test", "_acme-challenge.lost.test", "CNAME", CancellationToken.None);

        string[] names = ["l1.lost.test", "l2.lost.test", "l3.lost.test"];
        await DnsBench.AddSiteAsync(Api, tenant, names);

        await DnsBench.WaitForServedAsync(_platform, names.ToDictionary(n => n), Timeout);
        var wildcard = (await Api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray().Single(c => (string?)c!["names"]![0] == "*.lost.test")!;
        Assert.True((bool?)wildcard["unobtainable"]);
        Assert.NotNull((string?)wildcard["nextAttemptAt"]);
        Assert.NotEqual("retired", (string?)wildcard["state"]);
    }

    [Fact]
    public async Task A_cname_re_pointed_at_another_zone_the_platform_serves_gets_nothing_written_there()
    {
        var victim = await DnsBench.HostedTenantAsync(Api, "victim.test");
        var tenant = (string)(await Api.PostJsonAsync("/api/v1/tenants", new { name = $"t-{Guid.NewGuid():N}" }))["id"]!;
        var domain = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/domains", new { name = "repoint.test", kind = "external" });
        await dns.Knot.AddRecordAsync("repoint.test", "_certsmith.repoint.test", "TXT", $"\"{domain["verification"]!["value"]}\"", 60, CancellationToken.None);
        await Api.PostActionAsync($"/api/v1/tenants/{tenant}/domains/{domain["id"]}/prove");
        var delegation = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/delegations", new { parent = "repoint.test" });
        await dns.Knot.AddRecordAsync("repoint.test", "_acme-challenge.repoint.test", "CNAME", delegation["target"] + ".", 60, CancellationToken.None);
        await Api.PostActionAsync($"/api/v1/tenants/{tenant}/delegations/{delegation["id"]}/check");
        // Verified; then the tenant points the CNAME into another tenant's zone, which the platform's key may write.
        await dns.Knot.RemoveRecordsAsync("repoint.test", "_acme-challenge.repoint.test", "CNAME", CancellationToken.None);
        await dns.Knot.AddRecordAsync("repoint.test", "_acme-challenge.repoint.test", "CNAME", "_acme-challenge.victim.test.", 60, CancellationToken.None);

        var wildcard = await Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "repoint.test" });
        var failed = await DnsBench.WaitForCertificateAsync(Api, tenant, (string)wildcard["id"]!, c => c["lastError"] is not null, Timeout);

        Assert.Contains("points to _acme-challenge.victim.test", (string?)failed["lastError"], StringComparison.Ordinal);
        Assert.True((bool?)failed["unobtainable"]);
        Assert.Equal(0, await DnsBench.OrdersAsync(Api, tenant));
        Assert.Empty(await dns.Knot.ListRecordsAsync("victim.test", "_acme-challenge.victim.test", "TXT", CancellationToken.None));
        Assert.Empty(await DnsBench.LiveCertificatesAsync(Api, victim));
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
