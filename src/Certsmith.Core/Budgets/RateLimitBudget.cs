using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Budgets;

/// <summary>
/// The CA's rate limits mirrored in the store (DESIGN.md, "Rate-limit budgets"), so they survive restarts and
/// every node charges the same budgets atomically.
/// <para>
/// Sliding windows, not Let's Encrypt's refilling buckets: a window that allows <c>n</c> charges in any span
/// <c>w</c> never lets through more than a bucket of <c>n</c> refilling over <c>w</c> would (over any interval,
/// the window's arrivals minus the bucket's drain stay under <c>n</c>), so the platform is never throttled;
/// and the moment an order may go is exact and only ever earlier than shown — the earliest counting charge's
/// expiry — which is what the tenant is told ("certificate expected at"). The price: after a burst, the bucket
/// would let one more through every <c>w/n</c>, while the window waits for the burst to age out.
/// </para>
/// <para>
/// Urgent renewals go before new names: on each limit they count toward (the exact set, under Let's Encrypt's
/// rules), <see cref="RateLimitOptions.UrgentReserveShare"/> of it is theirs alone.
/// </para>
/// Thread-safe (stateless; the store is atomic).
/// </summary>
public sealed class RateLimitBudget : IIssuanceBudget
{
    /// <summary>A rateLimited answer without a usable Retry-After holds its scope this long (Let's Encrypt's smallest refill is 36 s).</summary>
    private static readonly TimeSpan MinimumHold = TimeSpan.FromMinutes(1);

    private readonly IBudgetStore _store;
    private readonly BudgetScopes _scopes;
    private readonly TimeProvider _time;

    /// <summary>Creates the budget; throws with every problem when <paramref name="options"/> are invalid.</summary>
    public RateLimitBudget(IBudgetStore store, RateLimitOptions options, PublicSuffixList suffixes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(suffixes);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid rate limits: " + string.Join(" ", errors), nameof(options));
        }
        _store = store;
        _scopes = new BudgetScopes(options, suffixes);
        _time = time;
    }

    /// <inheritdoc />
    public async Task<BudgetDecision> TryReserveAsync(BudgetRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = _scopes.ChecksFor(request);
        if (checks.Count == 0)
        {
            return BudgetDecision.Go;
        }
        var outcome = await _store.TryChargeAsync(checks, now, cancellationToken).ConfigureAwait(false);
        return outcome.Allowed
            ? BudgetDecision.Go
            : BudgetDecision.Wait(outcome.NotBefore!.Value, outcome.Blocking!.Description);
    }

    /// <inheritdoc />
    public Task RecordFailedAuthorizationAsync(DnsName name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _store.AddChargeAsync(_scopes.FailedAuthorizations(name), now, cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordRateLimitedAsync(BudgetRequest request, DateTimeOffset retryAfter, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A Retry-After already past still means the local count was wrong: hold at least a moment, so the
        // retry is not immediate (the processor's ladder decides the rest).
        var until = retryAfter > _time.GetUtcNow() ? retryAfter : _time.GetUtcNow() + MinimumHold;
        var reason = $"the CA's rate limit: {detail ?? "rateLimited"}";
        foreach (var scope in RateLimitedScopes.For(_scopes, request, detail))
        {
            await _store.HoldAsync(new BudgetHold(scope, until, reason), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One read of the charges per distinct window length (at most four), whatever the number of scopes; each scope is
    /// mapped back to its limit by its text. Scopes of another CA (charged before the platform's CA changed) are left
    /// out: they hold nothing back here. A scope that is held but has no counting charge is shown with none used.
    /// </remarks>
    public async Task<IReadOnlyList<BudgetUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usage = new Dictionary<string, BudgetUsage>(StringComparer.Ordinal);
        foreach (var window in _scopes.Windows)
        {
            foreach (var summary in await _store.ListChargeSummariesAsync(now - window, cancellationToken).ConfigureAwait(false))
            {
                // Asked with the longest window, a 1-hour scope would count charges up to a week old: take each scope from the read of its own window.
                if (_scopes.Describe(summary.Scope) is { } limit && limit.Limit.Window == window)
                {
                    usage[summary.Scope] = new BudgetUsage(summary.Scope, limit.Description, summary.Count, limit.Limit.Count, window, summary.Oldest + window, null, null);
                }
            }
        }
        foreach (var hold in await _store.ListHoldsAsync(now, cancellationToken).ConfigureAwait(false))
        {
            if (usage.TryGetValue(hold.Scope, out var counted))
            {
                usage[hold.Scope] = counted with { HeldUntil = hold.Until, HoldReason = hold.Reason };
            }
            else if (_scopes.Describe(hold.Scope) is { } limit)
            {
                usage[hold.Scope] = new BudgetUsage(hold.Scope, limit.Description, 0, limit.Limit.Count, limit.Limit.Window, null, hold.Until, hold.Reason);
            }
        }
        return [.. usage.Values
            .OrderBy(u => u.HeldUntil is null)
            .ThenByDescending(u => (double)u.Used / u.Limit)
            .ThenBy(u => u.Scope, StringComparer.Ordinal)];
    }
}
