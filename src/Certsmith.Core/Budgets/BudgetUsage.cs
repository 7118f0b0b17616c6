namespace Certsmith.Core.Budgets;

/// <summary>How full one rate-limit budget is (the platform admin's view of DESIGN.md, "Rate-limit budgets").</summary>
/// <param name="Scope">What the limit counts, as stored (e.g. <c>acme-v02.api.letsencrypt.org domain example.org</c>).</param>
/// <param name="Description">The limit in words, e.g. "50 new certificates per 7 days for example.org".</param>
/// <param name="Used">Charges that count now.</param>
/// <param name="Limit">The CA's limit (urgent renewals' reserve included).</param>
/// <param name="Window">How long each charge counts.</param>
/// <param name="FreesAt">When the oldest counting charge stops counting, or null when none counts.</param>
/// <param name="HeldUntil">Until when the CA itself said the scope is exhausted (a <c>rateLimited</c> answer), or null.</param>
/// <param name="HoldReason">The CA's words for that hold, or null.</param>
public sealed record BudgetUsage(string Scope, string Description, int Used, int Limit, TimeSpan Window, DateTimeOffset? FreesAt, DateTimeOffset? HeldUntil, string? HoldReason);
