namespace Certsmith.Core.Storage;

/// <summary>
/// The state of the CA rate-limit budgets (DESIGN.md, "Rate-limit budgets"): sliding-window charges per scope
/// and holds the CA imposed. Stored, so budgets survive restarts and every node sees the same ones.
/// Thread-safe; every method atomic across nodes.
/// </summary>
public interface IBudgetStore
{
    /// <summary>
    /// In one transaction: checks every <paramref name="checks"/> at <paramref name="now"/> (charges counting
    /// while <c>chargedAt + window &gt; now</c>, and holds while <c>until &gt; now</c>) and, when all pass, charges
    /// every charging check; when any fails, charges none and says when the last failing one frees. Two
    /// callers racing for the last unit of a scope never both get it. Forgets charges that no longer count.
    /// </summary>
    Task<BudgetOutcome> TryChargeAsync(IReadOnlyList<BudgetCheck> checks, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a charge to a scope unconditionally (e.g. a failed authorization that already happened).</summary>
    Task AddChargeAsync(string scope, DateTimeOffset chargedAt, CancellationToken cancellationToken);

    /// <summary>Holds a scope until <see cref="BudgetHold.Until"/>; an existing later hold is kept.</summary>
    Task HoldAsync(BudgetHold hold, CancellationToken cancellationToken);

    /// <summary>The moments charged to a scope that count at <paramref name="now"/> within <paramref name="window"/>, oldest first (for views and tests).</summary>
    Task<IReadOnlyList<DateTimeOffset>> ListChargesAsync(string scope, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Every scope with charges after <paramref name="since"/>: how many and the oldest, by scope (for the admin's view;
    /// the caller knows each scope's window, so it asks once per window length rather than once per scope).
    /// </summary>
    Task<IReadOnlyList<BudgetChargeSummary>> ListChargeSummariesAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The holds still in force at <paramref name="now"/> (for views and tests).</summary>
    Task<IReadOnlyList<BudgetHold>> ListHoldsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
