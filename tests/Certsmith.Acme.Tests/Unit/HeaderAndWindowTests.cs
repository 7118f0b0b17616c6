using System.Net.Http.Headers;
using Certsmith.Acme.Http;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Link (RFC 8288) and Retry-After (RFC 9110 §10.2.3) parsing, and choosing a moment in an ARI window.</summary>
public class HeaderAndWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response.Headers;
    }

    [Fact]
    public void Every_alternate_link_is_found_and_resolved_against_the_request()
    {
        var headers = Headers(
            ("Link", "<https://ca.test/acme/directory>;rel=\"index\""),
            ("Link", "</acme/cert/1/1>;rel=\"alternate\", <https://ca.test/acme/cert/1/2>; rel=alternate"));

        var links = HeaderParsing.Links(headers, new Uri("https://ca.test/acme/cert/1"));

        Assert.Equal(3, links.Count);
        Assert.Equal([new Uri("https://ca.test/acme/cert/1/1"), new Uri("https://ca.test/acme/cert/1/2")],
            links.Where(l => l.Rel == "alternate").Select(l => l.Url));
    }

    [Fact]
    public void Retry_after_in_seconds_and_as_a_date()
    {
        Assert.Equal(Now.AddSeconds(120), HeaderParsing.RetryAfter(Headers(("Retry-After", "120")), Now));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), HeaderParsing.RetryAfter(Headers(("Retry-After", "Sat, 28 Nov 2026 08:00:00 GMT")), Now));
        Assert.Null(HeaderParsing.RetryAfter(Headers(), Now));
    }

    [Fact]
    public void A_renewal_time_is_spread_uniformly_inside_the_window()
    {
        var info = new RenewalInfo { SuggestedWindow = new RenewalWindow(Now.AddDays(10), Now.AddDays(12)) };
        var random = new Random(42);

        var times = Enumerable.Range(0, 1000).Select(_ => info.ChooseRenewalTime(Now, random)).ToList();

        Assert.All(times, t => Assert.InRange(t, Now.AddDays(10), Now.AddDays(12)));
        Assert.InRange(times.Count(t => t < Now.AddDays(11)), 400, 600);
    }

    [Fact]
    public void A_window_already_open_never_yields_a_past_moment_and_a_passed_window_means_now()
    {
        var open = new RenewalInfo { SuggestedWindow = new RenewalWindow(Now.AddDays(-1), Now.AddDays(1)) };
        var passed = new RenewalInfo { SuggestedWindow = new RenewalWindow(Now.AddDays(-2), Now.AddDays(-1)) };
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(open.ChooseRenewalTime(Now, random) >= Now));
        Assert.Equal(Now, passed.ChooseRenewalTime(Now, random));
    }

    [Fact]
    public void Nonce_pool_keeps_only_well_formed_nonces_stays_bounded_and_gives_the_newest_first()
    {
        var pool = new NoncePool();
        pool.Add("abc-_123");
        pool.Add("has space");
        pool.Add("");
        pool.Add(null);
        for (var i = 0; i < NoncePool.Capacity + 50; i++)
        {
            pool.Add($"n{i}");
        }

        Assert.InRange(pool.Count, NoncePool.Capacity, 2 * NoncePool.Capacity);
        Assert.True(pool.TryTake(out var newest));
        Assert.Equal($"n{NoncePool.Capacity + 49}", newest);
    }
}
