using Certsmith.Core.Names;

namespace Certsmith.Core.Budgets;

/// <summary>A CA without rate limits (the local Pebble): everything goes.</summary>
public sealed class UnlimitedBudget : IIssuanceBudget
{
    /// <inheritdoc />
    public Task<BudgetDecision> TryReserveAsync(BudgetRequest request, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(BudgetDecision.Go);

    /// <inheritdoc />
    public Task RecordFailedAuthorizationAsync(DnsName name, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RecordRateLimitedAsync(BudgetRequest request, DateTimeOffset retryAfter, string? detail, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>
    /// Empty: with no limits nothing is counted, and charges or holds left in the store from an earlier configuration
    /// (another CA's, or limits since switched off) hold nothing back, so showing them would mislead.
    /// </remarks>
    public Task<IReadOnlyList<BudgetUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BudgetUsage>>([]);
}
