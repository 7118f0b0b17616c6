namespace Certsmith.Core.Budgets;

/// <summary>Whether an order may go now, or when it may.</summary>
/// <param name="Allowed">True: send it (the budget was charged).</param>
/// <param name="NotBefore">When it may go, when not now.</param>
/// <param name="Reason">Which limit holds it back, in words for the tenant.</param>
public sealed record BudgetDecision(bool Allowed, DateTimeOffset? NotBefore, string? Reason)
{
    /// <summary>Send it now.</summary>
    public static BudgetDecision Go { get; } = new(true, null, null);

    /// <summary>Wait until <paramref name="notBefore"/>.</summary>
    public static BudgetDecision Wait(DateTimeOffset notBefore, string reason) => new(false, notBefore, reason);
}
