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

    /// <summary>
    /// utime + stime of the process's threads whose name starts with <paramref name="namePrefix"/>, in seconds: e.g.
    /// ".NET Tiered" (the runtime's background JIT, which recompiles hot methods during the first minutes of a process).
    /// </summary>
    public static double ThreadCpuSeconds(int pid, string namePrefix, int clockTicksPerSecond)
    {
        var ticks = 0L;
        foreach (var task in Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [])
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended
            }
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || !stat.AsSpan(open + 1, close - open - 1).StartsWith(namePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }
        return ticks / (double)clockTicksPerSecond;
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
