using System.Globalization;
using System.Text.Json.Nodes;
using Certsmith.Testing.Dns;

namespace Certsmith.EndToEnd.Tests.Dns;

/// <summary>
/// A real Knot (primary and a secondary that transfers from it) on loopback with the test zones: hosted zones the
/// platform's TSIG key may update, the platform's challenge zone, and "external" zones only the tenant's own key may
/// change (DNS elsewhere); and a real Unbound in front of it as the recursive resolver that Pebble and the platform
/// ask (it follows a CNAME from one zone into another, as Let's Encrypt's resolvers do). Every zone answers
/// A 127.0.0.1 (the edge).
/// </summary>
public sealed class DnsBench : IAsyncLifetime
{
    /// <summary>The platform's challenge zone (external domains delegate _acme-challenge labels into it).</summary>
    public const string ChallengeZone = "challenges.platform.test";

    /// <summary>Zones served by the platform's DNS (hosted zones), one per scenario so tests never see each other's names.</summary>
    public static readonly string[] HostedZones = ["big.test", "five.test", "other-five.test", "early.test", "shop.deleg.test", "crash.test", "wrongkey.test", "fail.test", "renew.test", "thaw.test", "victim.test"];

    /// <summary>Zones "elsewhere": served by Knot for Pebble's sake, but only the tenant's key may change them.</summary>
    public static readonly string[] ExternalZones = ["elsewhere.test", "lost.test", "repoint.test"];

    /// <summary>A zone the platform's DNS serves but will not let the platform change (updates refused).</summary>
    public const string FrozenZone = "frozen.test";

    public KnotServer Knot { get; private set; } = null!;

    /// <summary>The recursive resolver over <see cref="Knot"/>, uncached.</summary>
    public UnboundServer Resolver { get; private set; } = null!;

    public KnotTsigKey PlatformKey { get; } = KnotTsigKey.Generate("certsmith-platform");

    public KnotTsigKey TenantKey { get; } = KnotTsigKey.Generate("tenant-own-dns");

    public async Task InitializeAsync()
    {
        static KnotZone Zone(string name, params string[] keys) => new(name) { Records = ["@ A 127.0.0.1", "* A 127.0.0.1"], UpdateKeys = keys };
        Knot = await KnotServer.StartAsync(new KnotOptions
        {
            Keys = [PlatformKey, TenantKey],
            Zones =
            [
                .. HostedZones.Select(z => Zone(z, PlatformKey.Name)),
                Zone(ChallengeZone, PlatformKey.Name),
                .. ExternalZones.Select(z => Zone(z, TenantKey.Name)),
                Zone(FrozenZone),
            ],
        }, CancellationToken.None);
        Resolver = await UnboundServer.StartAsync(Knot.Primary, [.. HostedZones, ChallengeZone, .. ExternalZones, FrozenZone], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Resolver is not null)
        {
            await Resolver.DisposeAsync();
        }
        if (Knot is not null)
        {
            await Knot.DisposeAsync();
        }
    }

    /// <summary>The platform's settings for this DNS (on top of the zero-configuration defaults), with Pebble resolving through Knot.</summary>
    public Dictionary<string, string?> PlatformSettings(string? secret = null)
    {
        var primary = $"127.0.0.1:{Knot.Primary.Port.ToString(CultureInfo.InvariantCulture)}";
        var resolver = $"127.0.0.1:{Resolver.EndPoint.Port.ToString(CultureInfo.InvariantCulture)}";
        var settings = new Dictionary<string, string?>
        {
            ["Dns:Primary"] = primary,
            ["Dns:KeyName"] = PlatformKey.Name,
            ["Dns:Algorithm"] = PlatformKey.Algorithm,
            ["Dns:Secret"] = secret ?? PlatformKey.Secret,
            ["Dns:Resolver"] = resolver,
            ["Dns:ChallengeZone"] = ChallengeZone,
            ["LocalCa:DnsServer"] = resolver,
            // A wildcard that fails this often gives its addresses certificates of their own (the setting's default is 2).
            ["Platform:WildcardFallbackAfterFailures"] = "2",
            ["Issuance:RetryLadderSeconds:0"] = "1",
            ["Issuance:RetryLadderSeconds:1"] = "2",
        };
        for (var i = 0; i < Knot.AuthoritativeServers.Count; i++)
        {
            settings[$"Dns:AuthoritativeServers:{i}"] = Knot.AuthoritativeServers[i];
        }
        return settings;
    }

    /// <summary>The <c>_acme-challenge</c> TXT records left anywhere in a zone (there should be none once issuance ended).</summary>
    public async Task<IReadOnlyList<KnotRecord>> ChallengeRecordsAsync(string zone) =>
        (await Knot.ListRecordsAsync(zone, null, "TXT", CancellationToken.None)).Where(r => r.Owner.StartsWith("_acme-challenge", StringComparison.Ordinal)).ToList();

    /// <summary>A new tenant (platform admin's token) holding <paramref name="zone"/> as a hosted zone, proven by the platform's DNS.</summary>
    public static async Task<string> HostedTenantAsync(HttpClient api, string zone, int? threshold = null)
    {
        var tenant = (string)(await api.PostJsonAsync("/api/v1/tenants", new { name = $"t-{Guid.NewGuid():N}", wildcardThreshold = threshold }))["id"]!;
        var domain = await api.PostJsonAsync($"/api/v1/tenants/{tenant}/domains", new { name = zone, kind = "hostedZone" });
        Assert.True((string?)domain["state"] == "proven", $"{zone} was not proven: {domain.ToJsonString()}");
        return tenant;
    }

    /// <summary>Adds a site with these addresses, one after another (the policy counts in the order of additions).</summary>
    public static async Task AddSiteAsync(HttpClient api, string tenant, IEnumerable<string> names)
    {
        var site = await api.PostJsonAsync($"/api/v1/tenants/{tenant}/sites", new { name = $"site-{Guid.NewGuid():N}" });
        foreach (var name in names)
        {
            await api.PostJsonAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name });
        }
    }

    /// <summary>The tenant's certificates that are not retired.</summary>
    public static async Task<List<JsonNode>> LiveCertificatesAsync(HttpClient api, string tenant) =>
        (await api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray().Where(c => (string?)c!["state"] != "retired").Select(c => c!).ToList();

    /// <summary>How many ACME orders the tenant's certificates created (their "order.created" events).</summary>
    public static async Task<int> OrdersAsync(HttpClient api, string tenant)
    {
        var orders = 0;
        foreach (var certificate in (await api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray())
        {
            orders += (await api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates/{certificate!["id"]}/events")).AsArray().Count(e => (string?)e!["kind"] == "order.created");
        }
        return orders;
    }

    /// <summary>
    /// Polls the edge until a TLS client with SNI gets, for every host, the certificate naming the expected name (the
    /// host itself, or the wildcard covering it), chained to the CA's root — what a visitor of the site would check.
    /// </summary>
    public static async Task WaitForServedAsync(PlatformFixture platform, IReadOnlyDictionary<string, string> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (host, name) in expected)
        {
            while (true)
            {
                var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(platform.Platform.EdgeHttpsPort, host, platform.CaRoot);
                using (leaf)
                {
                    var names = EdgeClient.DnsNames(leaf);
                    if (chainsToRoot && names.Count == 1 && names[0] == name)
                    {
                        break;
                    }
                    Assert.True(DateTime.UtcNow < deadline, $"{host} was not served a certificate for {name} within {timeout} (last: {string.Join(", ", names)}).");
                }
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls a tenant's certificate until <paramref name="done"/> holds, or fails with what it last saw.</summary>
    public static async Task<JsonNode> WaitForCertificateAsync(HttpClient api, string tenant, string id, Func<JsonNode, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var certificate = await api.GetJsonAsync($"/api/v1/tenants/{tenant}/certificates/{id}");
            if (done(certificate))
            {
                return certificate;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Certificate {id} did not get there within {timeout}: {certificate.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
