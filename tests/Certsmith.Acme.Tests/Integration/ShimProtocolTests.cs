using Certsmith.Acme.Ari;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Certsmith.Testing.AcmeProxy;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>
/// What Debian's Pebble 2.4.0 lacks — ARI (RFC 9773), profiles, Retry-After on pending objects — through
/// the spec-exact proxy in front of a real Pebble, which still does all the issuing.
/// </summary>
public sealed class ShimProtocolTests(ShimProtocolTests.ShimmedPebble fixture) : IClassFixture<ShimProtocolTests.ShimmedPebble>
{
    private static readonly TimeSpan PendingRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RenewalInfoRetryAfter = TimeSpan.FromHours(3);
    private readonly AcmeBench _bench = fixture.Shim.Acme;
    private readonly AcmeShimProxy _proxy = fixture.Shim.Proxy;

    /// <summary>A Pebble behind the proxy (profiles, Retry-After on pending objects, renewalInfo), shared by this class.</summary>
    public sealed class ShimmedPebble : IAsyncLifetime
    {
        public ShimBench Shim { get; private set; } = null!;

        public async Task InitializeAsync() => Shim = await ShimBench.StartAsync(new AcmeShimOptions
        {
            Profiles = new Dictionary<string, string> { ["classic"] = "The usual 90 days", ["shortlived"] = "Six days" },
            PendingRetryAfter = PendingRetryAfter,
            RenewalInfoRetryAfter = RenewalInfoRetryAfter,
            ExplanationUrl = new Uri("https://ca.example/incident"),
        });

        public async Task DisposeAsync() => await Shim.DisposeAsync();
    }

    private Task<AcmeClient> ClientAsync(AcmeKey key) => fixture.Shim.ClientWithAccountAsync(key);

    [Fact]
    public async Task The_directory_offers_renewal_info_and_profiles()
    {
        using var key = AcmeKey.CreateEs256();
        var directory = await (await ClientAsync(key)).GetDirectoryAsync();

        Assert.NotNull(directory.RenewalInfo);
        Assert.Equal("Six days", directory.Meta.Profiles["shortlived"]);
    }

    [Fact]
    public async Task An_order_for_a_profile_carries_that_profile()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await ClientAsync(key);

        var (_, certificateKey, order) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("prof"))],
            request: new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("prof"))], Profile = "shortlived" });
        using var _k = certificateKey;

        Assert.Equal("shortlived", order.Profile);
        Assert.Equal("shortlived", _proxy.ProfileOf(order.Location));
    }

    [Fact]
    public async Task An_unknown_profile_is_a_typed_problem_to_fix()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await ClientAsync(key);

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(new NewOrderRequest
        {
            Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("noprof"))],
            Profile = "no-such-profile",
        }));

        Assert.True(e.Problem.Is(AcmeErrorTypes.InvalidProfile), e.Problem.ToString());
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
    }

    [Fact]
    public async Task Polling_waits_as_long_as_retry_after_says()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await ClientAsync(key);
        var name = AcmeBench.UniqueName("ra");
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)] });
        var authorization = await client.GetAuthorizationAsync(order.Authorizations[0]);
        var challenge = authorization.FindChallenge(AcmeChallenge.Http01)!;
        await _bench.PublishAsync(client, authorization, challenge);
        Assert.Equal(PendingRetryAfter, authorization.RetryAfter - DateTimeOffset.UtcNow, new TimeSpanTolerance(TimeSpan.FromMilliseconds(500)));

        // Poll before answering, so the authorization stays pending for three polls.
        List<DateTimeOffset> Polls() => _proxy.Requests
            .Where(r => r.Kind == AcmeShimRequestKind.Authorization && r.PathAndQuery == authorization.Location.PathAndQuery)
            .Select(r => r.ReceivedAt).ToList();
        var waiting = client.WaitForAuthorizationAsync(authorization.Location);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Polls().Count < 4 && DateTime.UtcNow < deadline && !waiting.IsCompleted)
        {
            await Task.WhenAny(waiting, Task.Delay(50));
        }
        await client.AnswerChallengeAsync(challenge.Url);
        var final = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(AcmeStatus.Valid, final.Status);
        var polls = Polls();
        Assert.True(polls.Count >= 4, $"only {polls.Count} polls");
        for (var i = 2; i < polls.Count; i++)
        {
            // Every poll after one that came back pending waited the advised second, not the 50 ms ladder step.
            Assert.True(polls[i] - polls[i - 1] >= PendingRetryAfter - TimeSpan.FromMilliseconds(50), $"poll {i} came after {(polls[i] - polls[i - 1]).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Renewal_info_gives_the_window_and_when_to_ask_again_and_follows_a_moved_window()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await ClientAsync(key);
        var (chain, certificateKey, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("ari"))]);
        using var _k = certificateKey;
        var leaf = chain.Leaf;
        var lifetime = leaf.NotAfter.ToUniversalTime() - leaf.NotBefore.ToUniversalTime();

        var info = await client.GetRenewalInfoAsync(leaf);

        Assert.NotNull(info);
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()) - lifetime / 3, info.SuggestedWindow.Start, new TimeSpanTolerance(TimeSpan.FromSeconds(2)));
        Assert.Equal(DateTimeOffset.UtcNow + RenewalInfoRetryAfter, info.NextPoll, new TimeSpanTolerance(TimeSpan.FromSeconds(30)));

        // The CA moves the window into the past (a mass-revocation drill): renew now.
        var now = DateTimeOffset.UtcNow;
        _proxy.SetRenewalWindow(AriCertificateId.FromCertificate(leaf), now.AddHours(-2), now.AddHours(-1), new Uri("https://ca.example/incident"));
        var moved = await client.GetRenewalInfoAsync(leaf);

        Assert.Equal(now.AddHours(-1), moved!.SuggestedWindow.End, new TimeSpanTolerance(TimeSpan.FromSeconds(1)));
        Assert.Equal(new Uri("https://ca.example/incident"), moved.ExplanationUrl);
        Assert.Equal(now, moved.ChooseRenewalTime(now, new Random(1)));
        Assert.True(_proxy.CountOf(AcmeShimRequestKind.RenewalInfo) >= 2);
    }

    [Fact]
    public async Task A_renewal_order_carries_replaces_and_a_second_claim_is_refused()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await ClientAsync(key);
        var name = AcmeBench.UniqueName("repl");
        var (chain, certificateKey, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(name)]);
        using var _k = certificateKey;
        var certId = AriCertificateId.FromCertificate(chain.Leaf);

        var renewal = new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)], Replaces = certId };
        var (renewed, renewedKey, order) = await _bench.IssueAsync(client, renewal.Identifiers, request: renewal);
        using var _r = renewedKey;
        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(renewal));

        Assert.Equal(certId, order.Replaces);
        Assert.Contains(certId, _proxy.ReplacedCertIds);
        Assert.NotEqual(chain.Leaf.SerialNumber, renewed.Leaf.SerialNumber);
        Assert.True(e.Problem.Is(AcmeErrorTypes.AlreadyReplaced), e.Problem.ToString());
        Assert.Equal(AcmeErrorKind.GiveUp, e.Kind);
    }

    [Fact]
    public async Task A_ca_without_renewal_info_yields_null()
    {
        using var key = AcmeKey.CreateEs256();
        var direct = await _bench.ClientWithAccountAsync(key);
        var (chain, certificateKey, _) = await _bench.IssueAsync(direct, [AcmeIdentifier.Dns(AcmeBench.UniqueName("noari"))]);
        using var _k = certificateKey;

        Assert.Null(await direct.GetRenewalInfoAsync(chain.Leaf));
    }
}

/// <summary>Compares moments and spans within a tolerance.</summary>
internal sealed class TimeSpanTolerance(TimeSpan tolerance) : IEqualityComparer<DateTimeOffset>, IEqualityComparer<TimeSpan?>
{
    public bool Equals(DateTimeOffset x, DateTimeOffset y) => (x - y).Duration() <= tolerance;

    public int GetHashCode(DateTimeOffset obj) => 0;

    public bool Equals(TimeSpan? x, TimeSpan? y) => x is { } a && y is { } b && (a - b).Duration() <= tolerance;

    public int GetHashCode(TimeSpan? obj) => 0;
}
