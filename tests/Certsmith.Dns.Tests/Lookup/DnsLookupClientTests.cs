using Certsmith.Core.Dns;
using Certsmith.Dns.Tests.Support;

namespace Certsmith.Dns.Tests.Lookup;

public sealed class DnsLookupClientTests(PlatformDns dns) : IClassFixture<PlatformDns>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("hosted.test", true)]
    [InlineData("challenges.platform.test", true)]
    [InlineData("Elsewhere.Test.", true)]
    [InlineData("notserved.test", false)]
    [InlineData("www.hosted.test", false)]
    [InlineData("platform.test", false)]
    public async Task ServesZoneAsync_is_true_only_for_a_zone_apex_the_primary_serves(string zone, bool served)
    {
        using var cts = new CancellationTokenSource(Deadline);

        Assert.Equal(served, await new DnsLookupClient(dns.Options()).ServesZoneAsync(zone, cts.Token));
    }

    [Fact]
    public async Task GetTxtAsync_returns_each_record_s_strings_joined_and_nothing_for_a_missing_name()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var lookup = new DnsLookupClient(dns.Options());

        Assert.Equal(["proof-token"], await lookup.GetTxtAsync("_certsmith.elsewhere.test", cts.Token));
        Assert.Equal(["part one part two"], await lookup.GetTxtAsync("_certsmith.hosted.test", cts.Token));
        Assert.Empty(await lookup.GetTxtAsync("_certsmith.missing.hosted.test", cts.Token));
        Assert.Empty(await lookup.GetTxtAsync("www.elsewhere.test", cts.Token));
    }

    [Fact]
    public async Task GetCnameAsync_returns_one_hop_without_the_trailing_dot_or_null()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var lookup = new DnsLookupClient(dns.Options());

        Assert.Equal("abc.challenges.platform.test", await lookup.GetCnameAsync("_acme-challenge.www.elsewhere.test", cts.Token));
        Assert.Equal("hop2.hosted.test", await lookup.GetCnameAsync("hop1.hosted.test", cts.Token));
        Assert.Null(await lookup.GetCnameAsync("www.elsewhere.test", cts.Token));
        Assert.Null(await lookup.GetCnameAsync("nothing.elsewhere.test", cts.Token));
    }

    [Fact]
    public async Task A_primary_that_does_not_answer_is_Unreachable()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var down = $"127.0.0.1:{FreePort.Pick()}";
        var lookup = new DnsLookupClient(dns.Options() with { Primary = down, QueryTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => lookup.ServesZoneAsync("hosted.test", cts.Token));

        Assert.Equal(DnsChallengeError.Unreachable, error.Error);
        Assert.Contains(down, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolver_that_cannot_tell_is_a_Failed_error_not_an_empty_answer()
    {
        // Knot, asked as a resolver about a zone it does not serve, answers REFUSED.
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(
            () => new DnsLookupClient(dns.Options()).GetTxtAsync("_certsmith.notserved.test", cts.Token));

        Assert.Equal(DnsChallengeError.Failed, error.Error);
        Assert.Contains("REFUSED", error.Message, StringComparison.Ordinal);
    }
}
