namespace Certsmith.Core.Storage;

/// <summary>What the store decided for a set of <see cref="BudgetCheck"/>s.</summary>
/// <param name="Allowed">True: every check passed and every charging check was charged.</param>
/// <param name="NotBefore">When not allowed: the moment the last blocking check frees (its earliest counting charge's expiry, or its hold's end).</param>
/// <param name="Blocking">When not allowed: the check that frees last.</param>
public sealed record BudgetOutcome(bool Allowed, DateTimeOffset? NotBefore, BudgetCheck? Blocking)
{
    /// <summary>Allowed and charged.</summary>
    public static BudgetOutcome Charged { get; } = new(true, null, null);
}
