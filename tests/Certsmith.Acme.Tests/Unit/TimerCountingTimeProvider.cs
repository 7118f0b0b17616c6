using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>
/// A fake clock that counts the timers created on it, so a test advances time only after the code under
/// test has started waiting (advancing first would leave the later timer waiting forever).
/// </summary>
internal sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Waits (bounded, in real time) until at least <paramref name="count"/> timers were created.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (TimersCreated < count && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }
        Assert.True(TimersCreated >= count, $"only {TimersCreated} of {count} timers were started");
    }
}
