namespace Certsmith.Bench.Wildcard;

/// <summary>Percentiles by nearest rank (p95 of 20 values is the 19th smallest), and CPU readings from /proc.</summary>
internal static class Stats
{
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>utime + stime of each process, summed, in seconds (a process that is gone counts 0).</summary>
    public static double CpuSeconds(IEnumerable<int> pids, int clockTicksPerSecond) =>
        pids.Select(p => Certsmith.Bench.Issuance.ProcStat.CpuSeconds(p, clockTicksPerSecond)).Where(s => !double.IsNaN(s)).Sum();

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
