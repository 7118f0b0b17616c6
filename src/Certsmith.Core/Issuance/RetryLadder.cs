namespace Certsmith.Core.Issuance;

/// <summary>
/// When to try again after a failed attempt, by the number of consecutive failures. Let's Encrypt pauses
/// accounts that keep failing validation for a name, and allows 5 failed authorizations per name per hour,
/// so the ladder leaves the first hour nearly untouched after three quick retries and then slows to daily.
/// A CA's Retry-After always wins over the ladder.
/// </summary>
public static class RetryLadder
{
    /// <summary>The steps: 1 min, 5 min, 15 min, 1 h, 4 h, 12 h, then every 24 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> Steps =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(4),
        TimeSpan.FromHours(12),
        TimeSpan.FromHours(24),
    ];

    /// <summary>The next attempt after <paramref name="failures"/> consecutive failures (1 = the first).</summary>
    public static DateTimeOffset Next(int failures, DateTimeOffset now, DateTimeOffset? retryAfter) => Next(Steps, failures, now, retryAfter);

    /// <summary>The same on another ladder (a test's, in seconds).</summary>
    public static DateTimeOffset Next(IReadOnlyList<TimeSpan> steps, int failures, DateTimeOffset now, DateTimeOffset? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var step = steps[Math.Clamp(failures - 1, 0, steps.Count - 1)];
        return retryAfter is { } at && at > now ? at : now + step;
    }
}
