using Certsmith.Core.Dns;
using Certsmith.Dns.Internal;
using Certsmith.Dns.Tests.Support;

namespace Certsmith.Dns.Tests.Writer;

public sealed class PropagationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stopped_secondary_makes_the_wait_time_out_with_NotPropagated_naming_it()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var key = KnotTsigKey.Generate("certsmith-key");
        await using var knot = await KnotServer.StartAsync(PlatformDns.ZonesFor(key, KnotTsigKey.Generate("k512", KnotTsigKey.HmacSha512), KnotTsigKey.Generate("tenant")), cts.Token);
        var options = PlatformDns.OptionsFor(knot, key) with { PropagationTimeout = TimeSpan.FromMilliseconds(700) };
        var writer = new Rfc2136ChallengeWriter(options, TimeProvider.System, new CapturingLogger<Rfc2136ChallengeWriter>());
        var target = await writer.LocateAsync("late.hosted.test", cts.Token);
        await knot.StopSecondaryAsync(cts.Token);
        await writer.AddTxtAsync(target, "digest", cts.Token);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.WaitForPropagationAsync(target, "digest", cts.Token));

        Assert.Equal(DnsChallengeError.NotPropagated, error.Error);
        Assert.False(error.IsSetupFailure);
        Assert.Contains("_acme-challenge.late.hosted.test", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{knot.Secondary} (no answer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(knot.Primary.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_answers_without_the_value_is_named_as_such()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var key = KnotTsigKey.Generate("certsmith-key");
        await using var knot = await KnotServer.StartAsync(
            PlatformDns.ZonesFor(key, KnotTsigKey.Generate("k512", KnotTsigKey.HmacSha512), KnotTsigKey.Generate("tenant")) with { RunSecondary = false },
            cts.Token);
        var writer = new Rfc2136ChallengeWriter(
            // Long enough that a first query slowed by a loaded machine (JIT, two test groups) still gets its answer in.
            PlatformDns.OptionsFor(knot, key) with { PropagationTimeout = TimeSpan.FromSeconds(2) },
            TimeProvider.System,
            new CapturingLogger<Rfc2136ChallengeWriter>());

        var error = await Assert.ThrowsAsync<DnsChallengeException>(
            () => writer.WaitForPropagationAsync(PlatformDns.HostedTarget("never-written.hosted.test"), "digest", cts.Token));

        Assert.Equal(DnsChallengeError.NotPropagated, error.Error);
        Assert.Contains($"{knot.Primary} (answered without the value)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_wait_is_a_cancellation_not_a_DNS_error()
    {
        var key = KnotTsigKey.Generate("certsmith-key");
        await using var knot = await KnotServer.StartAsync(
            PlatformDns.ZonesFor(key, KnotTsigKey.Generate("k512", KnotTsigKey.HmacSha512), KnotTsigKey.Generate("tenant")) with { RunSecondary = false },
            CancellationToken.None);
        var writer = new Rfc2136ChallengeWriter(PlatformDns.OptionsFor(knot, key), TimeProvider.System, new CapturingLogger<Rfc2136ChallengeWriter>());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => writer.WaitForPropagationAsync(PlatformDns.HostedTarget("cancelled.hosted.test"), "digest", cts.Token));
    }

    [Fact]
    public async Task Without_a_server_list_the_zone_s_name_servers_are_asked_on_port_53()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var key = KnotTsigKey.Generate("certsmith-key");
        await using var knot = await KnotServer.StartAsync(
            PlatformDns.ZonesFor(key, KnotTsigKey.Generate("k512", KnotTsigKey.HmacSha512), KnotTsigKey.Generate("tenant")),
            cts.Token);
        var options = PlatformDns.OptionsFor(knot, key) with { AuthoritativeServers = [] };
        var discovery = new NameServerDiscovery(new DnsWire(options.QueryTimeout), new DnsServers(options), []);

        var servers = await discovery.ForZoneAsync("hosted.test", cts.Token);

        Assert.Equal(["ns1.hosted.test (127.0.0.1:53)", "ns2.hosted.test (127.0.0.1:53)"], servers.Select(s => s.Display));
    }
}
