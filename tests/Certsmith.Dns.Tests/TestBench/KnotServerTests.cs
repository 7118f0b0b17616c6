using System.Diagnostics;

namespace Certsmith.Dns.Tests.TestBench;

public sealed class KnotServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>An update reaches the secondary in milliseconds (NOTIFY relayed); seconds allow for a loaded machine.</summary>
    private static readonly TimeSpan PropagationDeadline = TimeSpan.FromSeconds(5);

    private static KnotOptions TwoZones() => new()
    {
        Zones =
        [
            new KnotZone("hosted.test") { Records = ["* A 127.0.0.1", "www TXT \"site\""] },
            new KnotZone("other.test"),
        ],
    };

    [Fact]
    public async Task Primary_and_secondary_answer_SOA_and_NS_for_every_zone_with_authority()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var knot = await KnotServer.StartAsync(TwoZones(), cts.Token);

        Assert.NotNull(knot.Secondary);
        Assert.Equal([$"127.0.0.1:{knot.Primary.Port}", $"127.0.0.1:{knot.Secondary.Port}"], knot.AuthoritativeServers);
        foreach (var server in new[] { knot.Primary, knot.Secondary })
        {
            foreach (var zone in new[] { "hosted.test", "other.test" })
            {
                var soa = await knot.QueryAsync(server, zone, "SOA", cts.Token);
                Assert.True(soa is { ReturnCode: "NOERROR", IsAuthoritative: true }, $"{server} {zone}: {soa}\n{knot.Log}");
                Assert.Single(soa.DataOf("SOA"));
                var ns = await knot.QueryAsync(server, zone, "NS", cts.Token);
                Assert.Equal([$"ns1.{zone}.", $"ns2.{zone}."], ns.DataOf("NS").Order());
            }
        }

        var wildcard = await knot.QueryAsync(knot.Secondary, "anything.hosted.test", "A", cts.Token);
        Assert.Equal(["127.0.0.1"], wildcard.DataOf("A"));
        var txt = await knot.QueryAsync(knot.Secondary, "www.hosted.test", "TXT", cts.Token);
        Assert.Equal(["site"], txt.DataOf("TXT"));
    }

    [Fact]
    public async Task A_record_added_on_the_primary_reaches_the_secondary_and_removing_it_does_too()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var knot = await KnotServer.StartAsync(TwoZones(), cts.Token);
        const string name = "_acme-challenge.shop.hosted.test";

        await knot.AddRecordAsync("hosted.test", name, "TXT", "\"token-1\"", 60, cts.Token);

        Assert.Equal(["token-1"], (await knot.QueryAsync(knot.Primary, name, "TXT", cts.Token)).DataOf("TXT"));
        await WaitUntilAsync(knot, knot.Secondary!, name, ["token-1"]);
        Assert.Equal([new KnotRecord(name, 60, "TXT", "\"token-1\"")], await knot.ListRecordsAsync("hosted.test", name, "TXT", cts.Token));

        await knot.RemoveRecordsAsync("hosted.test", name, "TXT", cts.Token);
        await knot.RemoveRecordsAsync("hosted.test", name, "TXT", cts.Token);

        await WaitUntilAsync(knot, knot.Secondary!, name, []);
        Assert.Empty(await knot.ListRecordsAsync("hosted.test", name, null, cts.Token));
        Assert.DoesNotContain(await knot.ListRecordsAsync("hosted.test", null, "TXT", cts.Token), r => r.Owner.StartsWith("_acme-challenge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_secondary_only_the_primary_is_listed()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var knot = await KnotServer.StartAsync(TwoZones() with { RunSecondary = false }, cts.Token);

        Assert.Null(knot.Secondary);
        Assert.Equal([$"127.0.0.1:{knot.Primary.Port}"], knot.AuthoritativeServers);
        Assert.Equal([$"ns1.hosted.test."], (await knot.QueryAsync(knot.Primary, "hosted.test", "NS", cts.Token)).DataOf("NS"));
    }

    [Fact]
    public async Task Dispose_leaves_no_knotd_process_and_no_directory()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var knot = await KnotServer.StartAsync(TwoZones(), cts.Token);
        var processIds = knot.ProcessIds;
        var directory = knot.WorkDirectory;
        Assert.Equal(2, processIds.Count);
        Assert.True(Directory.Exists(directory));

        await knot.DisposeAsync();

        Assert.False(Directory.Exists(directory), knot.Log);
        foreach (var id in processIds)
        {
            Assert.False(IsRunning(id), $"knotd {id} still runs.\n{knot.Log}");
        }
    }

    [Fact]
    public async Task Stopping_the_secondary_leaves_the_primary_answering()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var knot = await KnotServer.StartAsync(TwoZones(), cts.Token);

        await knot.StopSecondaryAsync(cts.Token);

        Assert.False(IsRunning(knot.ProcessIds[1]));
        await Assert.ThrowsAsync<TimeoutException>(() => knot.QueryAsync(knot.Secondary!, "hosted.test", "SOA", cts.Token));
        Assert.Equal("NOERROR", (await knot.QueryAsync(knot.Primary, "hosted.test", "SOA", cts.Token)).ReturnCode);
    }

    [Fact]
    public async Task Invalid_options_list_every_problem()
    {
        var options = new KnotOptions
        {
            Zones = [new KnotZone("bad zone.") { UpdateKeys = ["missing"] }],
            Keys = [new KnotTsigKey("k", "hmac-md5", "not base64!")],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => KnotServer.StartAsync(options, CancellationToken.None));

        Assert.Contains("'bad zone.'", error.Message, StringComparison.Ordinal);
        Assert.Contains("key 'missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("hmac-md5", error.Message, StringComparison.Ordinal);
        Assert.Contains("not base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_key_hides_its_secret_in_ToString()
    {
        var key = KnotTsigKey.Generate("certsmith-key", KnotTsigKey.HmacSha512);

        Assert.Equal(64, Convert.FromBase64String(key.Secret).Length);
        Assert.DoesNotContain(key.Secret, key.ToString(), StringComparison.Ordinal);
        Assert.Contains("certsmith-key", key.ToString(), StringComparison.Ordinal);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(KnotServer knot, System.Net.IPEndPoint server, string name, string[] expected)
    {
        using var deadline = new CancellationTokenSource(PropagationDeadline);
        var seen = Array.Empty<string>();
        try
        {
            while (true)
            {
                seen = [.. (await knot.QueryAsync(server, name, "TXT", deadline.Token)).DataOf("TXT")];
                if (seen.SequenceEqual(expected))
                {
                    return;
                }

                await Task.Delay(10, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{server} answered [{string.Join(", ", seen)}] for {name}, not [{string.Join(", ", expected)}], after {PropagationDeadline.TotalSeconds} s.\n{knot.Log}");
        }
    }
}
