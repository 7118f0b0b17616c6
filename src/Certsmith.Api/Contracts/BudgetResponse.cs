namespace Certsmith.Api.Contracts;

/// <summary>How full one of the CA's rate-limit budgets is (the platform admin's budget view).</summary>
/// <param name="Scope">What the limit counts, as stored.</param>
/// <param name="Description">The limit in words, e.g. "50 new certificates per 7 days for example.org".</param>
/// <param name="Used">Charges that count now.</param>
/// <param name="Limit">The CA's limit.</param>
/// <param name="WindowSeconds">How long each charge counts, in seconds.</param>
/// <param name="FreesAt">When the oldest counting charge stops counting.</param>
/// <param name="HeldUntil">Until when the CA itself said the scope is exhausted (a rateLimited answer).</param>
/// <param name="HoldReason">The CA's words for that hold.</param>
public sealed record BudgetResponse(string Scope, string Description, int Used, int Limit, long WindowSeconds, DateTimeOffset? FreesAt, DateTimeOffset? HeldUntil, string? HoldReason);
