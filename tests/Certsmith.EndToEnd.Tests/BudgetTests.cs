using System.Globalization;
using System.Text.Json.Nodes;
using Certsmith.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// Issue 4, section 2: with Let's Encrypt's limits configured against the local Pebble, new names beyond the
/// per-registered-domain budget wait with the moment the week frees, and keep waiting across a restart.
/// </summary>
public sealed class BudgetTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Let's Encrypt's per-registered-domain limit, which the test overruns by ten.</summary>
    private const int Limit = 50;
    private const int Names = 60;
    private const string Domain = "budget.example";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sixty_new_names_in_one_registered_domain_give_fifty_certificates_and_ten_waiting_for_the_week_to_free_even_after_a_restart()
    {
        string tenant, site;
        DateTimeOffset expected;
        Dictionary<string, int> attemptsBefore;
        await using (var first = WithLetsEncryptLimits(PlatformFixture.Over(_dir)))
        {
            var fixture = first;
            await fixture.InitializeAsync();
            tenant = await fixture.TenantWithDomainsAsync(Domain);
            site = (string)(await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "many" }))["id"]!;
            for (var i = 1; i <= Names; i++)
            {
                await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site}/addresses", new { name = $"s{i}.{Domain}" });
            }

            var addresses = await SettledAsync(fixture, tenant, site);
            var charges = await fixture.Platform.Services.GetRequiredService<ICertsmithStore>().Budgets
                .ListChargesAsync(DomainScope(fixture), Week, DateTimeOffset.UtcNow, CancellationToken.None);
            expected = charges[0] + Week;

            Assert.Equal(Limit, charges.Count);
            AssertFiftyIssuedAndTenWaiting(addresses, expected);
            attemptsBefore = await AttemptsAsync(fixture, addresses);
            output.WriteLine($"issued {addresses.Count(a => (string?)a["certificateState"] == "valid")}, waiting {Waiting(addresses).Count}; first charge {charges[0]:o}, last {charges[^1]:o}; expected at {expected:o}");
        }

        // Restarted over the same data directory, and the waiting work made due at once: the stored budget,
        // not just the queue's due time, keeps the ten back.
        await using var second = WithLetsEncryptLimits(PlatformFixture.Over(_dir));
        await second.InitializeAsync();
        var store = second.Platform.Services.GetRequiredService<ICertsmithStore>();
        var waiting = Waiting(await ListAsync(second, tenant, site));
        foreach (var address in waiting)
        {
            await store.Queue.EnqueueAsync(WorkKinds.Issue, CertificateId(address), DateTimeOffset.UtcNow, CancellationToken.None);
        }
        await UntilAsync(async () =>
        {
            var attempts = await AttemptsAsync(second, waiting);
            var items = await Task.WhenAll(waiting.Select(a => store.Queue.FindAsync(WorkKinds.Issue, CertificateId(a), CancellationToken.None)));
            return attempts.All(a => a.Value > attemptsBefore[a.Key]) && items.All(i => i is { LeaseOwner: null } && i.DueAt == expected);
        }, "every waiting certificate was looked at again after the restart", async () =>
            string.Join("; ", (await store.Queue.ListAsync(CancellationToken.None)).Select(i => $"{i.SubjectId} due {i.DueAt:o} attempts {i.Attempts} lease {i.LeaseOwner} {i.LastError}"))
            + " addresses: " + string.Join("; ", (await ListAsync(second, tenant, site)).Select(a => a.ToJsonString())));

        var after = await ListAsync(second, tenant, site);
        AssertFiftyIssuedAndTenWaiting(after, expected);
        foreach (var address in Waiting(after))
        {
            Assert.Null(await store.Certificates.GetOpenOrderAsync(CertificateId(address), CancellationToken.None));
        }
        var charged = await store.Budgets.ListChargesAsync(DomainScope(second), Week, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(Limit, charged.Count);
        output.WriteLine($"after the restart: issued {after.Count(a => (string?)a["certificateState"] == "valid")}, waiting {Waiting(after).Count}, charges {charged.Count}, open orders 0");
    }

    private static void AssertFiftyIssuedAndTenWaiting(IReadOnlyList<JsonObject> addresses, DateTimeOffset expected)
    {
        Assert.Equal(Limit, addresses.Count(a => (string?)a["certificateState"] == "valid"));
        var waiting = Waiting(addresses);
        Assert.Equal(Names - Limit, waiting.Count);
        foreach (var address in waiting)
        {
            Assert.Equal(expected, DateTimeOffset.Parse((string)address["certificateExpectedAt"]!, CultureInfo.InvariantCulture));
            Assert.Equal($"Waiting for the CA's rate limits ({Limit} new certificates per 7 days for {Domain}); certificate expected at {expected:u}", (string?)address["lastError"]);
        }
    }

    private static PlatformFixture WithLetsEncryptLimits(PlatformFixture fixture)
    {
        // Let's Encrypt's numbers are the defaults; the local Pebble has none unless they are switched on.
        fixture.Settings["Acme:RateLimits:Enabled"] = "true";
        return fixture;
    }

    private static string DomainScope(PlatformFixture fixture) => $"{fixture.Platform.CaDirectory.IdnHost} domain {Domain}";

    private static List<JsonObject> Waiting(IEnumerable<JsonObject> addresses) =>
        [.. addresses.Where(a => ((string?)a["lastError"])?.StartsWith("Waiting for the CA's rate limits", StringComparison.Ordinal) == true)];

    private static Guid CertificateId(JsonObject address) => Guid.Parse((string)address["certificateId"]!);

    private static async Task<List<JsonObject>> ListAsync(PlatformFixture fixture, string tenant, string site) =>
        [.. (await fixture.GetAsync($"/api/v1/tenants/{tenant}/sites/{site}/addresses")).AsArray().Select(a => a!.AsObject())];

    /// <summary>Polls until every address has its certificate or waits for the budget.</summary>
    private static async Task<List<JsonObject>> SettledAsync(PlatformFixture fixture, string tenant, string site)
    {
        List<JsonObject> addresses = [];
        await UntilAsync(async () =>
        {
            addresses = await ListAsync(fixture, tenant, site);
            return addresses.Count(a => (string?)a["certificateState"] == "valid") + Waiting(addresses).Count == Names;
        }, "every address is secured or waiting for the budget", () => Task.FromResult(string.Join("; ", addresses.Select(a => a.ToJsonString()))));
        return addresses;
    }

    private static async Task<Dictionary<string, int>> AttemptsAsync(PlatformFixture fixture, IEnumerable<JsonObject> addresses)
    {
        var store = fixture.Platform.Services.GetRequiredService<ICertsmithStore>();
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            var item = await store.Queue.FindAsync(WorkKinds.Issue, CertificateId(address), CancellationToken.None);
            attempts[(string)address["name"]!] = item?.Attempts ?? 0;
        }
        return attempts;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? state = null)
    {
        for (var deadline = DateTime.UtcNow + Deadline; DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (await condition())
            {
                return;
            }
        }
        Assert.Fail($"Not within {Deadline}: {what}. {(state is null ? "" : await state())}");
    }

}
