using Certsmith.Core.Dns;
using Certsmith.Dns.Tests.Support;

namespace Certsmith.Dns.Tests.Writer;

public sealed class LocateTests(PlatformDns dns) : IClassFixture<PlatformDns>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("shop.hosted.test")]
    [InlineData("Shop.Hosted.Test.")]
    [InlineData("*.shop.hosted.test")]
    public async Task A_plain_name_gets_its_own_challenge_name_in_its_zone(string name)
    {
        using var cts = new CancellationTokenSource(Deadline);

        var target = await dns.Writer().LocateAsync(name, cts.Token);

        Assert.Equal(new DnsChallengeTarget("_acme-challenge.shop.hosted.test", "_acme-challenge.shop.hosted.test", "hosted.test"), target);
        Assert.False(target.IsDelegated);
    }

    [Fact]
    public async Task The_zone_apex_gets_its_challenge_name_in_its_own_zone()
    {
        using var cts = new CancellationTokenSource(Deadline);

        var target = await dns.Writer().LocateAsync("hosted.test", cts.Token);

        Assert.Equal(new DnsChallengeTarget("_acme-challenge.hosted.test", "_acme-challenge.hosted.test", "hosted.test"), target);
    }

    [Fact]
    public async Task A_CNAME_on_the_challenge_name_leads_to_the_platform_challenge_zone()
    {
        using var cts = new CancellationTokenSource(Deadline);

        var target = await dns.Writer().LocateAsync("www.elsewhere.test", cts.Token);

        Assert.Equal(
            new DnsChallengeTarget("_acme-challenge.www.elsewhere.test", "abc.challenges.platform.test", "challenges.platform.test"),
            target);
        Assert.True(target.IsDelegated);
    }

    [Fact]
    public async Task A_CNAME_loop_is_a_Failed_error_that_shows_the_loop()
    {
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => dns.Writer().LocateAsync("loop.hosted.test", cts.Token));

        Assert.Equal(DnsChallengeError.Failed, error.Error);
        Assert.False(error.IsSetupFailure);
        Assert.Contains("loops", error.Message, StringComparison.Ordinal);
        Assert.Contains("_acme-challenge.loop.hosted.test → _acme-challenge.loop2.hosted.test → _acme-challenge.loop.hosted.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CNAME_chain_longer_than_eight_hops_is_a_Failed_error()
    {
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => dns.Writer().LocateAsync("long.hosted.test", cts.Token));

        Assert.Equal(DnsChallengeError.Failed, error.Error);
        Assert.Contains("longer than 8 hops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_in_no_zone_the_resolver_knows_is_ZoneNotServed()
    {
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => dns.Writer().LocateAsync("www.notserved.test", cts.Token));

        Assert.Equal(DnsChallengeError.ZoneNotServed, error.Error);
        Assert.True(error.IsSetupFailure);
        Assert.Equal("no DNS zone found for _acme-challenge.www.notserved.test", error.Message);
    }

    [Fact]
    public async Task A_resolver_that_does_not_answer_is_Unreachable()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var silent = $"127.0.0.1:{FreePort.Pick()}";
        var writer = dns.Writer(dns.Options() with { Resolver = silent, QueryTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.LocateAsync("shop.hosted.test", cts.Token));

        Assert.Equal(DnsChallengeError.Unreachable, error.Error);
        Assert.Contains(silent, error.Message, StringComparison.Ordinal);
    }
}
