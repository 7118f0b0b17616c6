namespace Certsmith.Core.Storage;

/// <summary>A scope the CA itself said is exhausted (a <c>rateLimited</c> answer): nothing counted there goes before <see cref="Until"/>.</summary>
/// <param name="Scope">The scope held, as in <see cref="BudgetCheck.Scope"/>.</param>
/// <param name="Until">The CA's Retry-After.</param>
/// <param name="Reason">The CA's words.</param>
public sealed record BudgetHold(string Scope, DateTimeOffset Until, string Reason);
