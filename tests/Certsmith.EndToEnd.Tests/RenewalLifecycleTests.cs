using System.Net;
using System.Text.Json.Nodes;
using Certsmith.Acme.Ari;
using Certsmith.Core.Issuance;
using Certsmith.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Issue 4, sections 1 and 3: ARI, the mass-revocation drill, the retry ladder, and a CA that goes away and comes back.</summary>
public sealed class RenewalLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-lifecycle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task With_ari_renewal_is_planned_in_the_cas_window_and_a_window_moved_earlier_renews_at_once_with_replaces()
    {
        await using var ca = await ExternalCa.StartAsync(_dir, new Testing.AcmeProxy.AcmeShimOptions { ExplanationUrl = new Uri("https://ca.example/incident") });
        await using var fixture = new PlatformFixture();
        ca.Configure(fixture);
        await fixture.InitializeAsync();
        var (tenant, certificateId) = await SecureAsync(fixture, "ari.example", "www.ari.example");
        using var root = await ca.Pebble.GetRootAsync(0, CancellationToken.None);
        var (leaf, _) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, "www.ari.example", root);
        var lifetime = leaf.NotAfter - leaf.NotBefore;
        var windowStart = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()) - lifetime / 3;
        var windowEnd = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()) - lifetime / 6;

        // Right after issuance the platform asks the CA's renewal information and plans inside its window
        // (without ARI it would plan at two thirds of the lifetime minus jitter: never inside this window).
        var renewAt = await PollAsync(async () => (DateTimeOffset?)(await Certificate(fixture, tenant, certificateId))["renewAt"], r => r >= windowStart - TimeSpan.FromSeconds(1));
        Assert.InRange(renewAt!.Value, windowStart - TimeSpan.FromSeconds(1), windowEnd + TimeSpan.FromSeconds(1));
        Assert.True(ca.Proxy.CountOf(Testing.AcmeProxy.AcmeShimRequestKind.RenewalInfo) >= 1);

        // The drill: the CA moves the window into the past. When the next look is due (the test brings it
        // forward, standing in for the hours until then), the platform renews at once, with replaces.
        var oldId = AriCertificateId.FromCertificate(leaf);
        var now = DateTimeOffset.UtcNow;
        ca.Proxy.SetRenewalWindow(oldId, now.AddHours(-2), now.AddHours(-1), new Uri("https://ca.example/incident"));
        await BringNextLookForwardAsync(fixture, certificateId);
        var renewed = leaf;
        var deadline = DateTime.UtcNow + Deadline;
        while (renewed.SerialNumber == leaf.SerialNumber && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            (renewed, _) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, "www.ari.example", root);
        }

        Assert.NotEqual(leaf.SerialNumber, renewed.SerialNumber);
        Assert.Contains(oldId, ca.Proxy.ReplacedCertIds);
        var events = (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates/{certificateId}/events")).AsArray().Select(e => (string?)e!["message"]).ToList();
        Assert.Contains(events, m => m!.Contains("https://ca.example/incident", StringComparison.Ordinal));
        Assert.Contains(events, m => m!.Contains($"replacing {oldId}", StringComparison.Ordinal));
        leaf.Dispose();
        renewed.Dispose();
    }

    [Fact]
    public async Task A_name_that_keeps_failing_validation_slows_down_on_the_ladder_and_shows_why()
    {
        await using var fixture = new PlatformFixture();
        fixture.Settings["Issuance:RetryLadderSeconds:0"] = "2";
        fixture.Settings["Issuance:RetryLadderSeconds:1"] = "4";
        fixture.Settings["Issuance:RetryLadderSeconds:2"] = "8";
        await fixture.InitializeAsync();
        // The name resolves where nothing listens: every HTTP-01 validation fails with a connection error.
        await fixture.Platform.LocalCa!.AddARecordAsync("bad.ladder.example", [IPAddress.Parse("127.0.0.2")], CancellationToken.None);
        var tenant = await fixture.TenantWithDomainsAsync("ladder.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "bad" });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "bad.ladder.example" });

        var waits = new List<TimeSpan>();
        var seen = new HashSet<DateTimeOffset>();
        var deadline = DateTime.UtcNow + Deadline;
        JsonNode certificate = null!;
        while (waits.Count < 3 && DateTime.UtcNow < deadline)
        {
            certificate = (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
            if ((DateTimeOffset?)certificate["nextAttemptAt"] is { } next && (string?)certificate["lastError"] is not null && seen.Add(next))
            {
                waits.Add(next - (DateTimeOffset)certificate["updatedAt"]!);
            }
            await Task.Delay(100);
        }
        var detail = await fixture.GetAsync($"/api/v1/tenants/{tenant}/addresses/{address["id"]}");
        output.WriteLine($"waits between attempts: {string.Join(", ", waits.Select(w => $"{w.TotalSeconds:F1} s"))}; last error: {certificate["lastError"]}");

        Assert.Equal(3, waits.Count);
        Assert.Equal(2, waits[0].TotalSeconds, 0.5);
        Assert.Equal(4, waits[1].TotalSeconds, 0.5);
        Assert.Equal(8, waits[2].TotalSeconds, 0.5);
        Assert.Equal("failed", (string?)certificate["state"]);
        Assert.Contains("127.0.0.2", (string?)detail["lastError"], StringComparison.Ordinal);
        Assert.NotNull((DateTimeOffset?)detail["certificateExpectedAt"]);
    }

    [Fact]
    public async Task When_the_ca_is_unreachable_for_a_while_issuance_recovers_by_itself_with_few_requests_meanwhile()
    {
        await using var ca = await ExternalCa.StartAsync(_dir);
        await using var fixture = new PlatformFixture();
        ca.Configure(fixture);
        fixture.Settings["Issuance:RetryLadderSeconds:0"] = "1";
        fixture.Settings["Issuance:RetryLadderSeconds:1"] = "2";
        fixture.Settings["Issuance:RetryLadderSeconds:2"] = "4";
        await fixture.InitializeAsync();
        var (tenant, _) = await SecureAsync(fixture, "outage.example", "before.outage.example");

        await ca.StopAsync();
        var stoppedAt = DateTime.UtcNow;
        var before = ca.Proxy.Requests.Count;
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "during" });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "during.outage.example" });
        await PollAsync(async () => (string?)(await fixture.GetAsync($"/api/v1/tenants/{tenant}/addresses/{address["id"]}"))["lastError"], e => e is not null);
        await PollAsync(() => Task.FromResult((DateTime?)DateTime.UtcNow), t => t > stoppedAt.AddSeconds(5));
        var duringOutage = ca.Proxy.Requests.Count - before;

        await ca.StartPebbleAsync();
        var restartedAt = DateTime.UtcNow;
        await fixture.WaitForValidAsync(tenant, ["during.outage.example"], Deadline);
        output.WriteLine($"{duringOutage} requests reached the CA's address during a {(restartedAt - stoppedAt).TotalSeconds:F1} s outage; " +
            $"secured {(DateTime.UtcNow - restartedAt).TotalSeconds:F1} s after the CA came back (a new account: the CA forgot the old one).");

        // Attempts at 0, 1, 3 s and maybe 7 s of the ladder, each one or two requests (nonce, order): bounded, no tight loop.
        Assert.InRange(duringOutage, 1, 8);
    }

    private static async Task<(string Tenant, string CertificateId)> SecureAsync(PlatformFixture fixture, string domain, string name)
    {
        var tenant = await fixture.TenantWithDomainsAsync(domain);
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name });
        await fixture.WaitForValidAsync(tenant, [name], Deadline);
        return (tenant, (string)address["certificateId"]!);
    }

    private static async Task<JsonNode> Certificate(PlatformFixture fixture, string tenant, string id) =>
        await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates/{id}");

    /// <summary>Stands in for the passing of hours: the certificate's next renewal-information look is due now.</summary>
    private static async Task BringNextLookForwardAsync(PlatformFixture fixture, string certificateId)
    {
        var services = fixture.Platform.Services;
        var store = services.GetRequiredService<ICertsmithStore>();
        var id = Guid.Parse(certificateId);
        for (var attempt = 0; ; attempt++)
        {
            var record = (await store.Certificates.GetCertificateAsync(id, CancellationToken.None))!;
            try
            {
                await store.Certificates.UpdateCertificateAsync(record with { AriNextPollAt = DateTimeOffset.UtcNow }, CancellationToken.None);
                break;
            }
            catch (StoreConflictException) when (attempt < 5)
            {
            }
        }
        await store.Queue.EnqueueAsync(WorkKinds.Issue, id, DateTimeOffset.UtcNow, CancellationToken.None);
        services.GetRequiredService<IssuanceSignal>().Notify();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        Assert.True(done(value), $"gave up waiting; last value {value}");
        return value;
    }

}
