using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>Budgets: sliding-window charges per scope, checked and charged all or none, holds from the CA.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static BudgetCheck Limit(string scope, int capacity, TimeSpan? window = null, bool charge = true) =>
        new(scope, capacity, window ?? Week, charge, $"{capacity} per week for {scope}");

    [Fact]
    public async Task Charges_are_allowed_up_to_the_capacity_and_then_wait_for_the_earliest_charge_to_expire()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Store.Budgets.TryChargeAsync([Limit("d", 3)], T0.AddMinutes(i), Ct)).Allowed);
        }

        var refused = await Store.Budgets.TryChargeAsync([Limit("d", 3)], T0.AddHours(1), Ct);

        Assert.False(refused.Allowed);
        Assert.Equal(T0 + Week, refused.NotBefore);
        Assert.Equal("d", refused.Blocking?.Scope);
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], await Store.Budgets.ListChargesAsync("d", Week, T0.AddHours(1), Ct));
    }

    [Fact]
    public async Task The_window_slides_a_charge_frees_exactly_when_its_window_ends()
    {
        await Store.Budgets.TryChargeAsync([Limit("d", 2)], T0, Ct);
        await Store.Budgets.TryChargeAsync([Limit("d", 2)], T0.AddDays(1), Ct);

        var justBefore = await Store.Budgets.TryChargeAsync([Limit("d", 2)], T0 + Week - TimeSpan.FromMilliseconds(1), Ct);
        var atExpiry = await Store.Budgets.TryChargeAsync([Limit("d", 2)], T0 + Week, Ct);
        var next = await Store.Budgets.TryChargeAsync([Limit("d", 2)], T0 + Week, Ct);

        Assert.False(justBefore.Allowed);
        Assert.True(atExpiry.Allowed);
        Assert.Equal(T0.AddDays(1) + Week, next.NotBefore);
    }

    [Fact]
    public async Task A_lower_capacity_waits_for_as_many_charges_to_expire_as_it_needs()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.Budgets.TryChargeAsync([Limit("set", 5)], T0.AddHours(i), Ct);
        }

        var reserved = await Store.Budgets.TryChargeAsync([Limit("set", 4)], T0.AddHours(5), Ct);

        // Five counting, room for four: two must expire, the second-oldest at T0 + 1 h.
        Assert.Equal(T0.AddHours(1) + Week, reserved.NotBefore);
    }

    [Fact]
    public async Task When_one_check_fails_nothing_is_charged_and_the_last_to_free_is_named()
    {
        await Store.Budgets.TryChargeAsync([Limit("full", 1)], T0, Ct);
        await Store.Budgets.TryChargeAsync([Limit("later", 1)], T0.AddDays(2), Ct);

        var refused = await Store.Budgets.TryChargeAsync([Limit("free", 10), Limit("full", 1), Limit("later", 1)], T0.AddDays(3), Ct);

        Assert.False(refused.Allowed);
        Assert.Equal(T0.AddDays(2) + Week, refused.NotBefore);
        Assert.Equal("later", refused.Blocking?.Scope);
        Assert.Empty(await Store.Budgets.ListChargesAsync("free", Week, T0.AddDays(3), Ct));
    }

    [Fact]
    public async Task A_check_that_does_not_charge_blocks_without_counting()
    {
        var hour = TimeSpan.FromHours(1);
        await Store.Budgets.AddChargeAsync("authz", T0, Ct);
        await Store.Budgets.AddChargeAsync("authz", T0.AddMinutes(10), Ct);

        var blocked = await Store.Budgets.TryChargeAsync([Limit("orders", 10), Limit("authz", 2, hour, charge: false)], T0.AddMinutes(20), Ct);
        var allowed = await Store.Budgets.TryChargeAsync([Limit("orders", 10), Limit("authz", 2, hour, charge: false)], T0.AddHours(1), Ct);

        Assert.Equal(T0 + hour, blocked.NotBefore);
        Assert.True(allowed.Allowed);
        Assert.Equal([T0.AddMinutes(10)], await Store.Budgets.ListChargesAsync("authz", hour, T0.AddHours(1), Ct));
        Assert.Single(await Store.Budgets.ListChargesAsync("orders", Week, T0.AddHours(1), Ct));
    }

    [Fact]
    public async Task A_hold_blocks_its_scope_until_it_ends_and_a_shorter_hold_does_not_shorten_it()
    {
        await Store.Budgets.HoldAsync(new BudgetHold("d", T0.AddHours(2), "too many certificates"), Ct);
        await Store.Budgets.HoldAsync(new BudgetHold("d", T0.AddHours(1), "shorter"), Ct);

        var held = await Store.Budgets.TryChargeAsync([Limit("d", 50)], T0, Ct);
        var other = await Store.Budgets.TryChargeAsync([Limit("e", 50)], T0, Ct);
        var after = await Store.Budgets.TryChargeAsync([Limit("d", 50)], T0.AddHours(2), Ct);

        Assert.Equal(T0.AddHours(2), held.NotBefore);
        Assert.Contains("too many certificates", held.Blocking?.Description, StringComparison.Ordinal);
        Assert.True(other.Allowed);
        Assert.True(after.Allowed);
        Assert.Equal([new BudgetHold("d", T0.AddHours(2), "too many certificates")], await Store.Budgets.ListHoldsAsync(T0, Ct));
        Assert.Empty(await Store.Budgets.ListHoldsAsync(T0.AddHours(2), Ct));
    }

    [Fact]
    public async Task Two_nodes_racing_for_a_scope_never_take_more_than_its_capacity()
    {
        var other = OpenAnotherNode();
        const int Capacity = 10;

        var attempts = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : other).Budgets.TryChargeAsync([Limit("shared", 100), Limit("race", Capacity)], T0.AddMilliseconds(i), Ct)));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(Capacity, outcomes.Count(o => o.Allowed));
        Assert.Equal(Capacity, (await Store.Budgets.ListChargesAsync("race", Week, T0.AddMinutes(1), Ct)).Count);
        // All or none: the scope that had room was charged only alongside the scarce one.
        Assert.Equal(Capacity, (await other.Budgets.ListChargesAsync("shared", Week, T0.AddMinutes(1), Ct)).Count);
    }

    [Fact]
    public async Task Charge_summaries_count_each_scope_after_a_moment_with_its_oldest_charge()
    {
        await Store.Budgets.AddChargeAsync("orders", T0, Ct);
        await Store.Budgets.AddChargeAsync("orders", T0.AddHours(2), Ct);
        await Store.Budgets.AddChargeAsync("orders", T0.AddHours(3), Ct);
        await Store.Budgets.AddChargeAsync("domain", T0.AddHours(1), Ct);
        await Store.Budgets.AddChargeAsync("old", T0.AddHours(-1), Ct);

        var summaries = await Store.Budgets.ListChargeSummariesAsync(T0, Ct);

        // Strictly after the moment, as a charge counts while chargedAt + window > now.
        Assert.Equal([new BudgetChargeSummary("domain", 1, T0.AddHours(1)), new BudgetChargeSummary("orders", 2, T0.AddHours(2))], summaries);
        Assert.Empty(await Store.Budgets.ListChargeSummariesAsync(T0.AddHours(3), Ct));
    }
}
