using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Budgets in SQLite. <see cref="TryChargeAsync"/> is one <c>BEGIN IMMEDIATE</c> transaction that reads every
/// scope, decides, and inserts every charge or none: SQLite's single write lock makes that atomic across
/// threads and processes on the file, so two nodes never both take a scope's last unit.
/// </summary>
internal sealed class SqliteBudgetStore(SqliteDatabase database) : IBudgetStore
{
    public Task<BudgetOutcome> TryChargeAsync(IReadOnlyList<BudgetCheck> checks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return database.WriteAsync(async (c, t) =>
        {
            DateTimeOffset? notBefore = null;
            BudgetCheck? blocking = null;
            foreach (var check in checks)
            {
                // Charges that no longer count in any check of this scope are forgotten (windows are per limit, so per scope).
                await Sql.ExecuteAsync(c, t, "DELETE FROM budget_charges WHERE scope = $scope AND charged_at <= $since", cancellationToken,
                    ("$scope", check.Scope), ("$since", now - check.Window)).ConfigureAwait(false);
                var (frees, held) = await FreesAtAsync(c, t, check, now, cancellationToken).ConfigureAwait(false);
                if (frees is not null && (notBefore is null || frees > notBefore))
                {
                    (notBefore, blocking) = (frees, held is null ? check : check with { Description = $"{check.Description}; {held}" });
                }
            }
            if (blocking is not null)
            {
                return new BudgetOutcome(false, notBefore, blocking);
            }
            foreach (var check in checks.Where(k => k.Charge))
            {
                await InsertAsync(c, t, check.Scope, now, cancellationToken).ConfigureAwait(false);
            }
            return BudgetOutcome.Charged;
        }, cancellationToken);
    }

    public Task AddChargeAsync(string scope, DateTimeOffset chargedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            await InsertAsync(c, t, scope, chargedAt, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task HoldAsync(BudgetHold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, """
            INSERT INTO budget_holds (scope, until, reason) VALUES ($scope, $until, $reason)
            ON CONFLICT (scope) DO UPDATE SET until = excluded.until, reason = excluded.reason WHERE excluded.until > budget_holds.until
            """, cancellationToken, ("$scope", hold.Scope), ("$until", hold.Until), ("$reason", hold.Reason)), cancellationToken);
    }

    public async Task<IReadOnlyList<DateTimeOffset>> ListChargesAsync(string scope, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT charged_at FROM budget_charges WHERE scope = $scope AND charged_at > $since ORDER BY charged_at",
            r => r.GetTime(0), cancellationToken, ("$scope", scope), ("$since", now - window)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<BudgetChargeSummary>> ListChargeSummariesAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT scope, count(*), min(charged_at) FROM budget_charges WHERE charged_at > $since GROUP BY scope ORDER BY scope",
            r => new BudgetChargeSummary(r.GetString(0), r.GetInt32(1), r.GetTime(2)), cancellationToken, ("$since", since)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<BudgetHold>> ListHoldsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT scope, until, reason FROM budget_holds WHERE until > $now ORDER BY scope",
            r => new BudgetHold(r.GetString(0), r.GetTime(1), r.GetString(2)), cancellationToken, ("$now", now)), cancellationToken).ConfigureAwait(false);

    /// <summary>Null when the check passes; else the earliest moment it would, and the hold's reason when a hold is what frees last.</summary>
    private static async Task<(DateTimeOffset? Frees, string? Held)> FreesAtAsync(SqliteConnection c, SqliteTransaction t, BudgetCheck check, DateTimeOffset now, CancellationToken ct)
    {
        var hold = await Sql.QuerySingleAsync(c, t, "SELECT until, reason FROM budget_holds WHERE scope = $scope AND until > $now",
            r => new BudgetHold(check.Scope, r.GetTime(0), r.GetString(1)), ct, ("$scope", check.Scope), ("$now", now)).ConfigureAwait(false);
        var frees = hold?.Until;
        // Counting charges c0 <= c1 <= ... (n of them): room needs n - k < capacity, i.e. the k = n - capacity + 1
        // oldest gone; the k-th oldest leaves the window at its charge time plus the window.
        var counting = await Sql.QueryAsync(c, t, "SELECT charged_at FROM budget_charges WHERE scope = $scope AND charged_at > $since ORDER BY charged_at",
            r => r.GetTime(0), ct, ("$scope", check.Scope), ("$since", now - check.Window)).ConfigureAwait(false);
        if (counting.Count >= check.Capacity)
        {
            var k = counting.Count - Math.Max(check.Capacity, 0) + 1;
            var windowFrees = k <= counting.Count ? counting[k - 1] + check.Window : now + check.Window;
            if (frees is null || windowFrees >= frees)
            {
                return (windowFrees, null);
            }
        }
        return (frees, hold?.Reason);
    }

    private static Task<int> InsertAsync(SqliteConnection c, SqliteTransaction t, string scope, DateTimeOffset at, CancellationToken ct) =>
        Sql.ExecuteAsync(c, t, "INSERT INTO budget_charges (scope, charged_at) VALUES ($scope, $at)", ct, ("$scope", scope), ("$at", at));
}
