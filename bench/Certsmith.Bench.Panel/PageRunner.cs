using System.Diagnostics;
using System.Net;

namespace Certsmith.Bench.Panel;

/// <summary>One page's figures: latency from sending the GET to the last byte of the body, size, and the process's cost per request.</summary>
internal sealed record PageResult(string Name, string Path, Stats Latency, long Bytes, double CpuMsPerRequest, double AllocatedKbPerRequest, int Gen2Collections, double GcPauseMs, IReadOnlyList<string> DataCalls);

/// <summary>Times a page: warm-up requests first (JIT, caches), then sequential requests on one kept-alive connection.</summary>
internal static class PageRunner
{
    public static async Task<PageResult> MeasureAsync(Browser browser, string name, string path, IReadOnlyList<string> dataCalls, int warmup, int requests, TimeSpan cap, CancellationToken cancellationToken)
    {
        long bytes = 0;
        for (var i = 0; i < warmup; i++)
        {
            bytes = await GetOkAsync(browser, path, cancellationToken);
        }
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(false);
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var samples = new List<double>(requests);
        var total = Stopwatch.StartNew();
        while (samples.Count < requests && (samples.Count == 0 || total.Elapsed < cap))
        {
            var watch = Stopwatch.StartNew();
            bytes = await GetOkAsync(browser, path, cancellationToken);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / samples.Count;
        var allocated = (GC.GetTotalAllocatedBytes(false) - allocatedBefore) / 1024.0 / samples.Count;
        return new PageResult(name, path, Stats.Of(samples), bytes, cpu, allocated, GC.CollectionCount(2) - gen2Before, (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds, dataCalls);
    }

    /// <summary>GETs a page over and over for a while (for a profiler attached from outside).</summary>
    public static async Task<int> LoopAsync(Browser browser, string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        var n = 0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            await GetOkAsync(browser, path, cancellationToken);
            n++;
        }
        return n;
    }

    private static async Task<long> GetOkAsync(Browser browser, string path, CancellationToken cancellationToken)
    {
        var (status, bytes) = await browser.GetBytesAsync(path, cancellationToken);
        return status == HttpStatusCode.OK ? bytes : throw new InvalidOperationException($"GET {path}: {(int)status}");
    }
}
