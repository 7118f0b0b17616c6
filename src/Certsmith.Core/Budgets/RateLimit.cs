namespace Certsmith.Core.Budgets;

/// <summary>One of the CA's limits: at most <paramref name="Count"/> in any sliding <paramref name="Window"/>.</summary>
/// <param name="Count">How many the window allows.</param>
/// <param name="Window">How long each one counts.</param>
public sealed record RateLimit(int Count, TimeSpan Window);
