using Certsmith.Core.Names;

namespace Certsmith.Core.Budgets;

/// <summary>
/// The CA's rate limits mirrored locally (DESIGN.md, "Rate-limit budgets"): work that would exceed one waits
/// instead of being sent. Implementations are thread-safe and keep their state where every node sees it
/// (the store), so budgets survive restarts and are shared by nodes.
/// </summary>
public interface IIssuanceBudget
{
    /// <summary>
    /// Charges the budgets an order counts against and allows it, or leaves them untouched and says when it
    /// may go. Called right before the order is created at the CA.
    /// </summary>
    Task<BudgetDecision> TryReserveAsync(BudgetRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The CA failed to validate a name (counts toward the failed-authorization limit).</summary>
    Task RecordFailedAuthorizationAsync(DnsName name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The CA answered <c>rateLimited</c> for this order: the local budget was wrong; hold until <paramref name="retryAfter"/>.</summary>
    Task RecordRateLimitedAsync(BudgetRequest request, DateTimeOffset retryAfter, string? detail, CancellationToken cancellationToken);

    /// <summary>
    /// Every budget with charges that count at <paramref name="now"/> or a hold in force, with its limit: held ones
    /// first, then the fullest (for the platform admin). Empty for a CA without limits.
    /// </summary>
    Task<IReadOnlyList<BudgetUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
