namespace Certsmith.Core.Storage;

/// <summary>
/// One limit an order is checked against, in one scope: at most <see cref="Capacity"/> charges in the
/// sliding <see cref="Window"/> ending now, and no stored hold on the scope. <see cref="Charge"/> false only
/// checks (e.g. recent failed authorizations block a name's new orders but a new order adds none).
/// </summary>
/// <param name="Scope">What the limit counts, e.g. <c>domain:example.org</c> (opaque to the store).</param>
/// <param name="Capacity">How many charges the window may hold for this request (a reserve may lower it below the limit).</param>
/// <param name="Window">How long a charge counts.</param>
/// <param name="Charge">Whether the order adds a charge to the scope when allowed.</param>
/// <param name="Description">The limit in words for the tenant, e.g. "50 new certificates per 7 days for example.org".</param>
public sealed record BudgetCheck(string Scope, int Capacity, TimeSpan Window, bool Charge, string Description);
