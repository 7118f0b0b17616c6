namespace Certsmith.Core.Storage;

/// <summary>The charges of one budget scope made after a moment, summed up (for the admin's budget view).</summary>
/// <param name="Scope">The scope, as in <see cref="BudgetCheck.Scope"/>.</param>
/// <param name="Count">How many charges.</param>
/// <param name="Oldest">The oldest of them: it is the first to stop counting.</param>
public sealed record BudgetChargeSummary(string Scope, int Count, DateTimeOffset Oldest);
