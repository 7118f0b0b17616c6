using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Core.Tests.Platform;

/// <summary>Password guessing is slowed per e-mail and per client, also when the guesses come all at once.</summary>
public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Fifty_guesses_at_once_for_one_address_get_the_five_free_ones_and_one_more()
    {
        var throttle = new SignInThrottle(_time);
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return throttle.TryBegin("victim@example.org", null);
        })).ToList();
        start.Set();

        var outcomes = await Task.WhenAll(attempts);

        // 5 free, the 6th goes ahead but makes the next wait 1 s; the other 44 are refused.
        Assert.Equal(6, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(TimeSpan.FromSeconds(1), o));
    }

    [Fact]
    public void Each_further_guess_waits_twice_as_long_up_to_fifteen_minutes_and_an_hour_forgets()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < 6; i++)
        {
            Assert.Null(throttle.TryBegin("a@example.org", null));
        }
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            var wait = throttle.TryBegin("a@example.org", null)!.Value;
            waits.Add(wait);
            _time.Advance(wait);
            Assert.Null(throttle.TryBegin("a@example.org", null));
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], waits.Select(w => w.TotalSeconds));
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(15));
        Assert.Null(throttle.TryBegin("a@example.org", null));
        Assert.Null(throttle.TryBegin("a@example.org", null)); // counted from one again: free
    }

    [Fact]
    public void One_client_guessing_many_addresses_is_slowed_after_twenty_and_its_own_success_does_not_reset_it()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(throttle.TryBegin($"user{i}@example.org", "203.0.113.7"));
        }
        Assert.Null(throttle.TryBegin("attacker@example.org", "203.0.113.7"));
        throttle.Succeeded("attacker@example.org");

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.TryBegin("user99@example.org", "203.0.113.7"));
        Assert.Null(throttle.TryBegin("user99@example.org", "198.51.100.1")); // another client is not slowed
    }

    [Fact]
    public void A_success_forgives_the_addresss_failures()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(throttle.TryBegin("a@example.org", null));
        }
        throttle.Succeeded("a@example.org");

        for (var i = 0; i < 6; i++)
        {
            Assert.Null(throttle.TryBegin("a@example.org", null));
        }
    }

    [Fact]
    public void A_flood_of_made_up_addresses_does_not_grow_memory_without_bound()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < SignInThrottle.MaxTracked + 5_000; i++)
        {
            throttle.TryBegin($"nobody{i}@example.org", null);
        }

        Assert.InRange(throttle.Count, 1, SignInThrottle.MaxTracked);
    }

    [Fact]
    public async Task An_unknown_address_checks_a_password_as_a_known_one_does()
    {
        var hashing = new CountingHashing();
        var users = new UserService(NoUsersStore.Create(), hashing, _time);

        var result = await users.SignInAsync("nobody@example.org", "some password", null, CancellationToken.None);

        Assert.Null(result.User);
        Assert.Equal(1, hashing.Verifications);
    }

    private sealed class CountingHashing : IPasswordHashing
    {
        public int Verifications { get; private set; }

        public string Hash(string password) => "hash:" + password;

        public bool Verify(string hash, string password)
        {
            Verifications++;
            return hash == "hash:" + password;
        }
    }

    /// <summary>A store whose tenant part knows no user; nothing else is touched by a sign-in (any other call is a test bug).</summary>
    public class NoUsersStore : System.Reflection.DispatchProxy
    {
        private static readonly ITenantStore Tenants = Create<ITenantStore, NoUsers>();

        public static ICertsmithStore Create() => Create<ICertsmithStore, NoUsersStore>();

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_" + nameof(ICertsmithStore.Tenants) ? Tenants : throw new NotSupportedException(targetMethod?.Name);
    }

    /// <summary>FindUserByEmailAsync answers "no such user"; any other call is a test bug.</summary>
    public class NoUsers : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(ITenantStore.FindUserByEmailAsync) ? Task.FromResult<User?>(null) : throw new NotSupportedException(targetMethod?.Name);
    }
}
