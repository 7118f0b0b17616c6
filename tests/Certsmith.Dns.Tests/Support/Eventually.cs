namespace Certsmith.Dns.Tests.Support;

/// <summary>Polls a condition with a deadline (never a fixed sleep), failing with what was last seen.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task HoldsAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan deadline, Func<string> describe)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            while (!await condition(cts.Token))
            {
                await Task.Delay(PollInterval, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"Not true within {deadline.TotalSeconds} s: {describe()}");
        }
    }
}
