using System.Net;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Polling pending objects (RFC 8555 §7.5.1), driven by a fake clock: Retry-After wins, else backoff.</summary>
public sealed class PollingTests : IDisposable
{
    private static readonly Uri Authz = new("https://ca.test/authz/1");
    private readonly StubCa _ca = new();
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http;
    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    public PollingTests() => _http = new HttpClient(_ca);

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private static string Authorization(string status) =>
        $$"""{"identifier":{"type":"dns","value":"a.example"},"status":"{{status}}","challenges":[{"type":"http-01","url":"https://ca.test/chall/1","status":"{{status}}","token":"t"}]}""";

    private AcmeClient Client() => new(_http, _key, new AcmeClientOptions
    {
        DirectoryUri = StubCa.Directory,
        AccountUrl = new Uri("https://ca.test/acct/1"),
        PollInitialDelay = TimeSpan.FromMilliseconds(200),
        PollBackoffFactor = 1.5,
        PollMaxDelay = TimeSpan.FromSeconds(10),
    }, _time);

    private int Polls => _ca.Requests.Count(r => r.Url == Authz);

    private async Task WaitForPolls(int count)
    {
        // The poll loop runs on the thread pool; give it a bounded moment to reach its next await.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Polls < count && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }
        Assert.Equal(count, Polls);
    }

    [Fact]
    public async Task Retry_after_decides_when_the_next_poll_goes_out()
    {
        _ca.ThenJson(HttpStatusCode.OK, Authorization("pending"), r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(5)))
           .ThenJson(HttpStatusCode.OK, Authorization("valid"));

        var wait = Client().WaitForAuthorizationAsync(Authz);
        await WaitForPolls(1);
        await _time.WaitForTimersAsync(1);

        _time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Yield();
        Assert.Equal(1, Polls);
        Assert.False(wait.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(AcmeStatus.Valid, result.Status);
        Assert.Equal(2, Polls);
    }

    [Fact]
    public async Task Without_retry_after_the_wait_grows_by_the_backoff_factor()
    {
        _ca.ThenJson(HttpStatusCode.OK, Authorization("pending"))
           .ThenJson(HttpStatusCode.OK, Authorization("pending"))
           .ThenJson(HttpStatusCode.OK, Authorization("invalid"));

        var wait = Client().WaitForAuthorizationAsync(Authz);
        await WaitForPolls(1);
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(1, Polls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForPolls(2);
        await _time.WaitForTimersAsync(2);

        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal(2, Polls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(AcmeStatus.Invalid, result.Status);
        Assert.Equal(3, Polls);
    }

    [Fact]
    public async Task Polling_stops_when_the_caller_cancels()
    {
        _ca.ThenJson(HttpStatusCode.OK, Authorization("pending"));
        using var cts = new CancellationTokenSource();

        var wait = Client().WaitForAuthorizationAsync(Authz, cts.Token);
        await WaitForPolls(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
