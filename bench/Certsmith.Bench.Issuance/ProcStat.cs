using System.Globalization;

namespace Certsmith.Bench.Issuance;

/// <summary>Another process's CPU time and peak memory from /proc (Linux).</summary>
internal static class ProcStat
{
    /// <summary>utime + stime of a process in seconds, or NaN when there is no such process (any more).</summary>
    public static double CpuSeconds(int pid, int clockTicksPerSecond)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat"))
        {
            return double.NaN;
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (field 14) and stime (field 15) are at 11 and 12.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / (double)clockTicksPerSecond;
    }

    /// <summary>VmHWM (peak resident set) in KiB, or 0.</summary>
    public static long VmHwmKb(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status"))
        {
            return 0;
        }
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
