using System.Globalization;

namespace Certsmith.EndToEnd.Tests.Dns;

/// <summary>
/// DNS-01 failures against the real Knot: a wrong TSIG key fails before any order is placed (no rate-limit budget
/// spent), and a record that was written is removed also when the issuance failed.
/// </summary>
public sealed class DnsFailureTests(DnsBench dns) : IClassFixture<DnsBench>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_wrong_tsig_key_fails_before_any_order_is_placed()
    {
        await using var platform = new PlatformFixture();
        foreach (var (key, value) in dns.PlatformSettings(secret: Convert.ToBase64String(new byte[32])))
        {
            platform.Settings[key] = value;
        }
        await platform.InitializeAsync();
        // The zone is served (SOA), so the domain is proven; only writing to it needs the key.
        var tenant = await DnsBench.HostedTenantAsync(platform.Api, "wrongkey.test");

        var wildcard = await platform.Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "wrongkey.test" });
        var failed = await DnsBench.WaitForCertificateAsync(platform.Api, tenant, (string)wildcard["id"]!, c => c["lastError"] is not null, Timeout);

        Assert.Contains("TSIG key", (string?)failed["lastError"], StringComparison.Ordinal);
        Assert.Contains(dns.PlatformKey.Name, (string?)failed["lastError"], StringComparison.Ordinal);
        Assert.DoesNotContain(dns.PlatformKey.Secret, failed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await DnsBench.OrdersAsync(platform.Api, tenant));
        Assert.Empty(await dns.ChallengeRecordsAsync("wrongkey.test"));
    }

    [Fact]
    public async Task A_record_written_is_removed_when_issuance_fails()
    {
        await using var platform = new PlatformFixture();
        foreach (var (key, value) in dns.PlatformSettings())
        {
            platform.Settings[key] = value;
        }
        // One of the authoritative servers to poll never answers: propagation times out after the record was written.
        platform.Settings[$"Dns:AuthoritativeServers:{dns.Knot.AuthoritativeServers.Count}"] = $"127.0.0.1:{ApiCalls.FreePort().ToString(CultureInfo.InvariantCulture)}";
        platform.Settings["Dns:PropagationTimeout"] = "00:00:01";
        // No retry while the test looks (a retry would write the record again).
        platform.Settings["Issuance:RetryLadderSeconds:0"] = "600";
        platform.Settings["Issuance:RetryLadderSeconds:1"] = "600";
        await platform.InitializeAsync();
        var tenant = await DnsBench.HostedTenantAsync(platform.Api, "fail.test");

        var wildcard = await platform.Api.PostJsonAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "fail.test" });
        var failed = await DnsBench.WaitForCertificateAsync(platform.Api, tenant, (string)wildcard["id"]!, c => c["lastError"] is not null, Timeout);

        Assert.Contains("DNS-01", (string?)failed["lastError"], StringComparison.Ordinal);
        Assert.Empty(await dns.ChallengeRecordsAsync("fail.test"));
    }
}

/// <summary>
/// The server process is killed (SIGKILL) while a DNS-01 challenge is published and pending, and started again over
/// the same data: it resumes the stored order (no second order), and no TXT record is left behind.
/// </summary>
public sealed class Dns01CrashTests(DnsBench dns) : IClassFixture<DnsBench>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-dns-crash-").FullName;
    private Certsmith.LocalCa.PebbleServer _pebble = null!;

    public async Task InitializeAsync() =>
        // A CA the test owns outlives the killed server; it resolves names at the platform's DNS.
        _pebble = await Certsmith.LocalCa.PebbleServer.StartAsync(new Certsmith.LocalCa.PebbleOptions { DnsServer = $"127.0.0.1:{dns.Resolver.EndPoint.Port}", HttpPort = ApiCalls.FreePort() }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _pebble.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killed_with_a_dns01_challenge_pending_a_restart_resumes_the_order_and_leaves_no_record()
    {
        var args = new List<string>
        {
            $"--Certsmith:DataDirectory={Path.Combine(_dir, "data")}",
            $"--Acme:DirectoryUrl={_pebble.DirectoryUri}",
            $"--Acme:TrustBundle={_pebble.ListenerRootCertificatePath}",
            "--Acme:AcceptTermsOfService=true",
            "--Acme:IsTestCa=true",
        };
        args.AddRange(dns.PlatformSettings().Where(s => !s.Key.StartsWith("LocalCa:", StringComparison.Ordinal)).Select(s => $"--{s.Key}={s.Value}"));

        string tenant;
        string wildcardId;
        await using (var doomed = await PlatformProcess.StartAsync(_dir, args, new Dictionary<string, string> { ["CERTSMITH_KILL_AT"] = Core.Issuance.FaultPoints.ChallengesPending }))
        {
            tenant = await DnsBench.HostedTenantAsync(doomed.Api, "crash.test");
            wildcardId = (string)(await doomed.PostAsync($"/api/v1/tenants/{tenant}/wildcards", new { parent = "crash.test" }))["id"]!;
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the server was not killed:\n{doomed.Output}");
        }
        Assert.NotEmpty(await dns.ChallengeRecordsAsync("crash.test"));

        await using var restarted = await PlatformProcess.StartAsync(_dir, args);
        await DnsBench.WaitForCertificateAsync(restarted.Api, tenant, wildcardId, c => (string?)c["state"] == "valid", TimeSpan.FromSeconds(60));

        Assert.Equal(1, await DnsBench.OrdersAsync(restarted.Api, tenant));
        Assert.Empty(await dns.ChallengeRecordsAsync("crash.test"));
    }
}

/// <summary>A TXT record a crash left behind (noted in the store, never cleaned up) is removed from DNS at the next start.</summary>
public sealed class StaleRecordTests(DnsBench dns) : IClassFixture<DnsBench>
{
    [Fact]
    public async Task A_stale_dns01_record_is_swept_at_start()
    {
        var dir = Directory.CreateTempSubdirectory("certsmith-sweep-").FullName;
        try
        {
            const string record = "_acme-challenge.stale.fail.test";
            await using (var first = PlatformFixture.Over(dir))
            {
                foreach (var (key, value) in dns.PlatformSettings())
                {
                    first.Settings[key] = value;
                }
                await first.InitializeAsync();
                // What a process killed between writing the record and cleaning it up leaves: the note, and the record.
                var store = (Core.Storage.ICertsmithStore)first.Platform.Services.GetService(typeof(Core.Storage.ICertsmithStore))!;
                var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
                await store.Acme.PutDnsRecordAsync(new Core.Storage.DnsChallengeRecord(record, "left-by-a-crash", "fail.test", longAgo, longAgo.AddHours(1)), CancellationToken.None);
                await dns.Knot.AddRecordAsync("fail.test", record, "TXT", "\"left-by-a-crash\"", 60, CancellationToken.None);
            }
            Assert.NotEmpty(await dns.Knot.ListRecordsAsync("fail.test", record, "TXT", CancellationToken.None));

            await using var restarted = PlatformFixture.Over(dir);
            foreach (var (key, value) in dns.PlatformSettings())
            {
                restarted.Settings[key] = value;
            }
            await restarted.InitializeAsync();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await dns.Knot.ListRecordsAsync("fail.test", record, "TXT", CancellationToken.None)).Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the stale record was not removed within 30 s of the start");
                await Task.Delay(100);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
