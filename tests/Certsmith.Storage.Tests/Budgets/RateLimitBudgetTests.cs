using Certsmith.Core.Budgets;
using Certsmith.Core.Names;
using Certsmith.Storage.Sqlite;
using Certsmith.Storage.Tests.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Storage.Tests.Budgets;

/// <summary>
/// The rate-limit accounting (DESIGN.md, "Rate-limit budgets") on the real SQLite store, driven by a fake clock:
/// each limit, how each kind of order is charged, windows sliding, exact expected times, the urgent reserve,
/// the CA's rateLimited correction, and atomicity across two store instances.
/// </summary>
public sealed class RateLimitBudgetTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri Ca = new("https://acme-v02.api.letsencrypt.org/directory");
    private static readonly PublicSuffixList Suffixes = PublicSuffixList.Load();

    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = _database.Open();
        await _store.MigrateAsync(_ct);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Fifty_new_certificates_per_registered_domain_then_the_next_waits_until_the_first_leaves_the_week()
    {
        var budget = Budget();
        for (var i = 1; i <= 50; i++)
        {
            Assert.True((await ReserveAsync(budget, OrderKind.NewNames, $"s{i}.example.org")).Allowed, $"certificate {i}");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await ReserveAsync(budget, OrderKind.NewNames, "s51.example.org");
        var otherDomain = await ReserveAsync(budget, OrderKind.NewNames, "s51.example.net");

        Assert.False(refused.Allowed);
        Assert.Equal(T0 + TimeSpan.FromDays(7), refused.NotBefore);
        Assert.Equal("50 new certificates per 7 days for example.org", refused.Reason);
        Assert.True(otherDomain.Allowed);
    }

    [Fact]
    public async Task The_window_slides_each_old_charge_frees_one_place_at_its_own_expiry()
    {
        var budget = Budget(perDomain: 2);
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        _time.Advance(TimeSpan.FromHours(5));
        await ReserveAsync(budget, OrderKind.NewNames, "b.example.org");

        _time.SetUtcNow(T0 + TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var justBefore = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");
        _time.SetUtcNow(T0 + TimeSpan.FromDays(7));
        var atExpiry = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");
        var next = await ReserveAsync(budget, OrderKind.NewNames, "d.example.org");

        Assert.Equal(T0 + TimeSpan.FromDays(7), justBefore.NotBefore);
        Assert.True(atExpiry.Allowed);
        Assert.Equal(T0 + TimeSpan.FromHours(5) + TimeSpan.FromDays(7), next.NotBefore);
    }

    [Fact]
    public async Task A_certificate_counts_once_per_distinct_registered_domain_among_its_names()
    {
        var budget = Budget(perDomain: 1);

        var first = await ReserveAsync(budget, OrderKind.NewNames, "a.example.org", "b.example.org", "www.example.net");
        var sameDomain = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");
        var otherDomain = await ReserveAsync(budget, OrderKind.NewNames, "shop.example.net");
        var underPublicSuffix = await ReserveAsync(budget, OrderKind.NewNames, "shop.example.co.uk");

        Assert.True(first.Allowed);
        Assert.Equal("1 new certificates per 7 days for example.org", sameDomain.Reason);
        Assert.Equal("1 new certificates per 7 days for example.net", otherDomain.Reason);
        Assert.True(underPublicSuffix.Allowed);
    }

    [Fact]
    public async Task New_orders_per_account_wait_until_the_first_order_leaves_the_three_hour_window()
    {
        var budget = Budget(orders: 3);
        for (var i = 0; i < 3; i++)
        {
            await ReserveAsync(budget, OrderKind.NewNames, $"n{i}.example{i}.org");
            _time.Advance(TimeSpan.FromMinutes(10));
        }

        var refused = await ReserveAsync(budget, OrderKind.NewNames, "n4.example4.org");
        _time.SetUtcNow(T0.AddHours(3));
        var later = await ReserveAsync(budget, OrderKind.NewNames, "n4.example4.org");

        Assert.Equal(T0.AddHours(3), refused.NotBefore);
        Assert.Equal("3 new orders per 3 hours for the account", refused.Reason);
        Assert.True(later.Allowed);
    }

    [Fact]
    public async Task Same_name_renewals_skip_the_account_and_domain_limits_but_count_toward_the_exact_set()
    {
        var budget = Budget(orders: 1, perDomain: 1);
        await ReserveAsync(budget, OrderKind.NewNames, "www.example.org");

        var newName = await ReserveAsync(budget, OrderKind.NewNames, "shop.example.org");
        var renewals = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            renewals.Add((await ReserveAsync(budget, OrderKind.Renewal, "www.example.org")).Allowed);
        }

        Assert.False(newName.Allowed);
        // The new order and three renewals fill the four places of the exact set that are not kept for urgent renewals.
        Assert.Equal([true, true, true, false, false], renewals);
    }

    [Fact]
    public async Task An_ari_renewal_goes_while_new_names_in_its_domain_wait()
    {
        var budget = Budget(perDomain: 2);
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        await ReserveAsync(budget, OrderKind.NewNames, "b.example.org");
        for (var i = 0; i < 5; i++)
        {
            await budget.RecordFailedAuthorizationAsync(DnsName.Parse("a.example.org"), _time.GetUtcNow(), _ct);
        }
        await budget.RecordRateLimitedAsync(Request(OrderKind.NewNames, "c.example.org"), T0.AddDays(1), "too many new orders (300) from this account", _ct);

        var newName = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");
        var ari = await ReserveAsync(budget, OrderKind.AriRenewal, "a.example.org");

        Assert.False(newName.Allowed);
        Assert.True(ari.Allowed);
    }

    [Fact]
    public async Task Urgent_renewals_may_use_the_exact_set_reserve_that_new_names_and_calm_renewals_may_not()
    {
        var budget = Budget();
        for (var i = 0; i < 4; i++)
        {
            await ReserveAsync(budget, OrderKind.Renewal, "www.example.org");
            _time.Advance(TimeSpan.FromHours(1));
        }

        var calm = await ReserveAsync(budget, OrderKind.Renewal, "www.example.org");
        var urgent = await ReserveAsync(budget, OrderKind.Renewal, urgent: true, "www.example.org");
        var urgentAgain = await ReserveAsync(budget, OrderKind.Renewal, urgent: true, "www.example.org");

        Assert.False(calm.Allowed);
        Assert.Equal("5 certificates per 7 days for the names www.example.org, 1 kept for urgent renewals", calm.Reason);
        // Four counting, room for four only when one leaves: the oldest, at T0 + 7 days.
        Assert.Equal(T0.AddDays(7), calm.NotBefore);
        Assert.True(urgent.Allowed);
        Assert.Equal(T0.AddDays(7), urgentAgain.NotBefore);
    }

    [Fact]
    public async Task Five_failed_validations_of_a_name_hold_its_new_orders_until_the_first_leaves_the_hour()
    {
        var budget = Budget();
        var name = DnsName.Parse("broken.example.org");
        for (var i = 0; i < 5; i++)
        {
            await budget.RecordFailedAuthorizationAsync(name, _time.GetUtcNow(), _ct);
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        var newOrder = await ReserveAsync(budget, OrderKind.NewNames, "broken.example.org");
        var renewal = await ReserveAsync(budget, OrderKind.Renewal, "broken.example.org");
        var wildcard = await ReserveAsync(budget, OrderKind.NewNames, "*.broken.example.org");
        var otherName = await ReserveAsync(budget, OrderKind.NewNames, "fine.example.org");
        _time.SetUtcNow(T0.AddHours(1));
        var afterAnHour = await ReserveAsync(budget, OrderKind.NewNames, "broken.example.org");

        Assert.Equal(T0.AddHours(1), newOrder.NotBefore);
        Assert.Equal("5 failed validations per hour for broken.example.org", newOrder.Reason);
        Assert.Equal(T0.AddHours(1), renewal.NotBefore);
        Assert.Equal(T0.AddHours(1), wildcard.NotBefore);
        Assert.True(otherName.Allowed);
        Assert.True(afterAnHour.Allowed);
        // Nothing was charged for the refused orders: only the two that went count toward the domain.
        Assert.Equal(2, (await _store.Budgets.ListChargesAsync(Scope("domain example.org"), TimeSpan.FromDays(7), _time.GetUtcNow(), _ct)).Count);
    }

    [Fact]
    public async Task A_rate_limited_answer_for_a_domain_holds_that_domains_new_names_until_retry_after()
    {
        var budget = Budget();
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        var retryAfter = T0.AddHours(20);

        await budget.RecordRateLimitedAsync(Request(OrderKind.NewNames, "b.example.org"), retryAfter,
            "too many certificates (50) already issued for \"example.org\" in the last 168h0m0s, retry after 2025-03-02 08:00:00 UTC", _ct);
        var held = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");
        var otherDomain = await ReserveAsync(budget, OrderKind.NewNames, "c.example.net");
        var renewal = await ReserveAsync(budget, OrderKind.Renewal, "a.example.org");
        _time.SetUtcNow(retryAfter);
        var after = await ReserveAsync(budget, OrderKind.NewNames, "c.example.org");

        Assert.Equal(retryAfter, held.NotBefore);
        Assert.Contains("too many certificates (50)", held.Reason, StringComparison.Ordinal);
        Assert.True(otherDomain.Allowed);
        Assert.True(renewal.Allowed);
        Assert.True(after.Allowed);
    }

    [Fact]
    public async Task A_rate_limited_answer_that_names_no_limit_we_know_holds_the_accounts_new_orders()
    {
        var budget = Budget();

        await budget.RecordRateLimitedAsync(Request(OrderKind.NewNames, "a.example.org"), T0.AddMinutes(30), "slow down", _ct);
        var newName = await ReserveAsync(budget, OrderKind.NewNames, "x.elsewhere.net");
        await budget.RecordRateLimitedAsync(Request(OrderKind.Renewal, "r.example.org"), T0.AddHours(2),
            "too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s", _ct);
        var exactSet = await ReserveAsync(budget, OrderKind.Renewal, "r.example.org");
        var renewalElsewhere = await ReserveAsync(budget, OrderKind.Renewal, "s.example.org");

        Assert.Equal(T0.AddMinutes(30), newName.NotBefore);
        Assert.Equal(T0.AddHours(2), exactSet.NotBefore);
        // Renewals do not count toward the account's new orders: the account-wide hold does not stop them.
        Assert.True(renewalElsewhere.Allowed);
    }

    [Fact]
    public async Task Budgets_are_charged_atomically_by_two_store_instances_reserving_at_once()
    {
        var other = _database.Open();
        var budgets = new[] { Budget(), new RateLimitBudget(other.Budgets, Options(), Suffixes, _time) };

        var reservations = Enumerable.Range(1, 60).Select(i => Task.Run(() =>
            budgets[i % 2].TryReserveAsync(Request(OrderKind.NewNames, $"s{i}.budget.example"), T0.AddMilliseconds(i), _ct)));
        var decisions = await Task.WhenAll(reservations);

        Assert.Equal(50, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.Equal("50 new certificates per 7 days for budget.example", d.Reason));
        Assert.Equal(50, (await _store.Budgets.ListChargesAsync(Scope("domain budget.example"), TimeSpan.FromDays(7), T0.AddMinutes(1), _ct)).Count);
        Assert.Equal(50, (await _store.Budgets.ListChargesAsync(Scope("orders"), TimeSpan.FromHours(3), T0.AddMinutes(1), _ct)).Count);
    }

    [Fact]
    public async Task Budgets_survive_a_new_store_instance_on_the_same_file()
    {
        await ReserveAsync(Budget(perDomain: 1), OrderKind.NewNames, "a.example.org");

        var reopened = _database.Open();
        var decision = await new RateLimitBudget(reopened.Budgets, Options(perDomain: 1), Suffixes, _time)
            .TryReserveAsync(Request(OrderKind.NewNames, "b.example.org"), T0.AddDays(1), _ct);

        Assert.Equal(T0.AddDays(7), decision.NotBefore);
    }

    [Fact]
    public void Options_report_every_error_at_once()
    {
        var errors = Options() with
        {
            OrdersPerAccount = new(0, TimeSpan.FromHours(3)),
            CertificatesPerExactSet = new(5, TimeSpan.Zero),
            UrgentReserveShare = 1.5,
        };

        Assert.Equal(3, errors.Validate().Count);
        Assert.Throws<ArgumentException>(() => new RateLimitBudget(_store.Budgets, errors, Suffixes, _time));
        Assert.Empty(Options().Validate());
        Assert.Equal(1, Options().Reserve(5));
        Assert.Equal(5, Options().Reserve(50));
        Assert.Equal(0, Options().Reserve(1));
    }

    [Fact]
    public async Task Usage_shows_each_budget_in_use_with_its_limit_what_counts_and_when_the_oldest_frees_the_fullest_first()
    {
        var budget = Budget();
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        _time.Advance(TimeSpan.FromHours(1));
        await ReserveAsync(budget, OrderKind.NewNames, "b.example.org");
        await budget.RecordFailedAuthorizationAsync(DnsName.Parse("a.example.org"), _time.GetUtcNow(), _ct);
        _time.Advance(TimeSpan.FromMinutes(30));

        var usage = await budget.ListUsageAsync(_time.GetUtcNow(), _ct);

        var week = TimeSpan.FromDays(7);
        Assert.Equal(
        [
            new BudgetUsage(Scope("authz a.example.org"), "5 failed validations per hour for a.example.org", 1, 5, TimeSpan.FromHours(1), T0.AddHours(2), null, null),
            new BudgetUsage(Scope("set a.example.org"), "5 certificates per 7 days for the names a.example.org", 1, 5, week, T0 + week, null, null),
            new BudgetUsage(Scope("set b.example.org"), "5 certificates per 7 days for the names b.example.org", 1, 5, week, T0.AddHours(1) + week, null, null),
            new BudgetUsage(Scope("domain example.org"), "50 new certificates per 7 days for example.org", 2, 50, week, T0 + week, null, null),
            new BudgetUsage(Scope("orders"), "300 new orders per 3 hours for the account", 2, 300, TimeSpan.FromHours(3), T0.AddHours(3), null, null),
        ], usage);
    }

    [Fact]
    public async Task Usage_counts_each_scope_within_its_own_window_as_the_windows_slide()
    {
        var budget = Budget();
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        await budget.RecordFailedAuthorizationAsync(DnsName.Parse("a.example.org"), _time.GetUtcNow(), _ct);
        _time.Advance(TimeSpan.FromHours(1));
        await ReserveAsync(budget, OrderKind.NewNames, "b.example.org");
        _time.SetUtcNow(T0.AddHours(3));

        var usage = (await budget.ListUsageAsync(_time.GetUtcNow(), _ct)).ToDictionary(u => u.Scope);

        // The hour-long failed-validation charge and the first 3-hour order charge stopped counting; the week-long ones did not.
        Assert.False(usage.ContainsKey(Scope("authz a.example.org")));
        Assert.Equal((1, T0.AddHours(4)), (usage[Scope("orders")].Used, usage[Scope("orders")].FreesAt));
        Assert.Equal(2, usage[Scope("domain example.org")].Used);
    }

    [Fact]
    public async Task Usage_puts_the_cas_holds_first_even_without_charges_and_leaves_out_another_cas_scopes()
    {
        var budget = Budget();
        await ReserveAsync(budget, OrderKind.NewNames, "a.example.org");
        await budget.RecordRateLimitedAsync(Request(OrderKind.NewNames, "shop.example.net"), T0.AddDays(1), "too many certificates (50) already issued for \"example.net\"", _ct);
        await _store.Budgets.AddChargeAsync("ca.elsewhere.example orders", T0, _ct);

        var usage = await budget.ListUsageAsync(_time.GetUtcNow(), _ct);

        var held = usage[0];
        Assert.Equal((Scope("domain example.net"), 0, 50, (DateTimeOffset?)null, (DateTimeOffset?)T0.AddDays(1)), (held.Scope, held.Used, held.Limit, held.FreesAt, held.HeldUntil));
        Assert.Contains("too many certificates", held.HoldReason, StringComparison.Ordinal);
        Assert.Equal(4, usage.Count);
        Assert.DoesNotContain(usage, u => u.Scope.StartsWith("ca.elsewhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ca_without_limits_shows_no_budgets_whatever_the_store_holds()
    {
        await ReserveAsync(Budget(), OrderKind.NewNames, "a.example.org");

        Assert.Empty(await new UnlimitedBudget().ListUsageAsync(_time.GetUtcNow(), _ct));
    }

    private static string Scope(string rest) => $"{Ca.IdnHost} {rest}";

    private static RateLimitOptions Options(int? orders = null, int? perDomain = null)
    {
        var defaults = new RateLimitOptions { Ca = Ca };
        return defaults with
        {
            OrdersPerAccount = orders is { } o ? defaults.OrdersPerAccount with { Count = o } : defaults.OrdersPerAccount,
            CertificatesPerRegisteredDomain = perDomain is { } d ? defaults.CertificatesPerRegisteredDomain with { Count = d } : defaults.CertificatesPerRegisteredDomain,
        };
    }

    private RateLimitBudget Budget(int? orders = null, int? perDomain = null) => new(_store.Budgets, Options(orders, perDomain), Suffixes, _time);

    private static BudgetRequest Request(OrderKind kind, params string[] names) => Request(kind, urgent: false, names);

    private static BudgetRequest Request(OrderKind kind, bool urgent, params string[] names) =>
        new(Guid.NewGuid(), [.. names.Select(n => n.StartsWith("*.", StringComparison.Ordinal) ? DnsName.ParseWildcard(n) : DnsName.Parse(n))], kind, urgent);

    private Task<BudgetDecision> ReserveAsync(RateLimitBudget budget, OrderKind kind, params string[] names) => ReserveAsync(budget, kind, urgent: false, names);

    private Task<BudgetDecision> ReserveAsync(RateLimitBudget budget, OrderKind kind, bool urgent, params string[] names) =>
        budget.TryReserveAsync(Request(kind, urgent, names), _time.GetUtcNow(), _ct);
}
