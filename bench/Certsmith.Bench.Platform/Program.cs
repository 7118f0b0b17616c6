// The driver of the platform benchmarks: talks to a running Certsmith platform through its REST API and
// real TLS handshakes to its edge only (bench/time-to-https/run.sh and bench/platform-throughput/run.sh start
// the platform and pass what its .data/cli.env says).
//   time-to-https --api <url> --token-file <f> --edge-port <p> --ca-root <pem> [--sites 100] [--poll-ms 20]
//                 [--deadline-s 60] [--platform-pid p] [--pebble-pid p] [--dns-pid p] [--clk-tck hz] [--results f]
//   throughput    --api <url> --token-file <f> --edge-port <p> --ca-root <pem> [--n 3000] [--api-concurrency 8]
//                 [--tenants 1] [--list-interval-ms 1000] [--stall-s 60] [--verify 100] [--platform-pid p] ... [--results f]
// Prints key=value results (also to --results).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Certsmith.Bench.Issuance;
using Certsmith.Bench.Platform;

var inv = CultureInfo.InvariantCulture;
if (args.Length == 0 || args[0] is not ("time-to-https" or "throughput"))
{
    await Console.Error.WriteLineAsync("usage: Certsmith.Bench.Platform time-to-https|throughput --api <url> --token-file <f> --edge-port <p> --ca-root <pem> ...");
    return 2;
}
var mode = args[0];
var opts = Options.Parse(args.AsSpan(1));
var clkTck = opts.Int("clk-tck", 100);
var pids = new Pids(opts.Int("platform-pid", 0), opts.Int("pebble-pid", 0), opts.Int("dns-pid", 0));
var token = (await File.ReadAllTextAsync(opts.Require("token-file"))).Trim();
using var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(opts.Require("ca-root")));
var probe = new EdgeProbe(opts.Int("edge-port", 0), root);
var results = new List<(string Key, string Value)>();
var failures = new ConcurrentQueue<string>();
var self = Process.GetCurrentProcess();

var ok = mode == "time-to-https" ? await TimeToHttpsAsync() : await ThroughputAsync();

var text = new StringBuilder();
foreach (var (k, v) in results)
{
    text.Append(k).Append('=').Append(v).Append('\n');
}
foreach (var f in failures.Take(10))
{
    text.Append("failure=").Append(f.ReplaceLineEndings(" ")).Append('\n');
}
Console.Write(text.ToString());
if (opts.Get("results") is { } resultsPath)
{
    await File.WriteAllTextAsync(resultsPath, text.ToString());
}
return ok ? 0 : 1;

// Sites created first (all at once), then every address request sent at the same moment; for each, the
// time from sending its request until a verified handshake with its name succeeds, polled every poll-ms.
async Task<bool> TimeToHttpsAsync()
{
    var sites = opts.Int("sites", 100);
    var pollMs = opts.Int("poll-ms", 20);
    var deadline = TimeSpan.FromSeconds(opts.Int("deadline-s", 60));
    using var api = new PlatformApi(new Uri(opts.Require("api")), token, Math.Max(sites, 16));
    var tenant = await api.CreateTenantAsync("time-to-https");
    await api.AddDomainAsync(tenant, "tth.bench.example");
    var siteIds = await Task.WhenAll(Enumerable.Range(0, sites).Select(i => api.CreateSiteAsync(tenant, string.Create(inv, $"site {i}"))));

    // Warm the probe's code paths (JIT, OpenSSL) on a name the edge has no certificate for: a refusal.
    await probe.TryAsync("warm-up.tth.bench.example", CancellationToken.None);
    var attempts0 = probe.Attempts;
    var latencies = new double[sites];
    var apiMs = new double[sites];
    var secured = 0;
    var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var usage0 = Usage.Read(self, pids, clkTck);
    var wall = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, sites).Select(async i =>
    {
        await start.Task;
        var host = string.Create(inv, $"s{i}.tth.bench.example");
        var sent = Stopwatch.GetTimestamp();
        try
        {
            await api.AddAddressAsync(tenant, siteIds[i], host);
            apiMs[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            while (!await probe.TryAsync(host, CancellationToken.None))
            {
                if (Stopwatch.GetElapsedTime(sent) > deadline)
                {
                    failures.Enqueue($"{host}: no verified handshake within {deadline.TotalSeconds} s");
                    latencies[i] = double.PositiveInfinity;
                    return;
                }
                await Task.Delay(pollMs);
            }
            latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            Interlocked.Increment(ref secured);
        }
        catch (Exception e)
        {
            failures.Enqueue($"{host}: {e.GetType().Name}: {e.Message}");
            latencies[i] = double.PositiveInfinity;
        }
    }).ToList();
    start.SetResult();
    await Task.WhenAll(tasks);
    wall.Stop();
    var usage = Usage.Read(self, pids, clkTck) - usage0;

    Array.Sort(latencies);
    Array.Sort(apiMs);
    results.Add(("sites", sites.ToString(inv)));
    results.Add(("secured", secured.ToString(inv)));
    results.Add(("poll_ms", pollMs.ToString(inv)));
    results.Add(("latency_p50_ms", Percentile(latencies, 0.50).ToString("F0", inv)));
    results.Add(("latency_p95_ms", Percentile(latencies, 0.95).ToString("F0", inv)));
    results.Add(("latency_max_ms", latencies[^1].ToString("F0", inv)));
    results.Add(("latency_min_ms", latencies[0].ToString("F0", inv)));
    results.Add(("wall_s", wall.Elapsed.TotalSeconds.ToString("F2", inv)));
    results.Add(("address_request_p50_ms", Percentile(apiMs, 0.50).ToString("F0", inv)));
    results.Add(("address_request_max_ms", apiMs[^1].ToString("F0", inv)));
    results.Add(("handshakes", (probe.Attempts - attempts0).ToString(inv)));
    usage.AddTo(results, sites);
    results.Add(("load_avg_end", File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)));
    return secured == sites;
}

// N sites with one address each, created as fast as the API takes them (api-concurrency callers); then
// the tenant's certificate list is read every list-interval-ms (200 ms for the last 5%) until all N are
// valid; a sample of names is then checked with a verified handshake.
async Task<bool> ThroughputAsync()
{
    var n = opts.Int("n", 3000);
    var apiConcurrency = opts.Int("api-concurrency", 8);
    var listInterval = TimeSpan.FromMilliseconds(opts.Int("list-interval-ms", 1000));
    var stall = TimeSpan.FromSeconds(opts.Int("stall-s", 60));
    var verify = Math.Min(n, opts.Int("verify", 100));
    var tenantCount = Math.Clamp(opts.Int("tenants", 1), 1, n);
    using var api = new PlatformApi(new Uri(opts.Require("api")), token, apiConcurrency + 2);
    // Address i belongs to tenant i % T, under that tenant's own domain tp<k>.bench.example.
    var tenants = new string[tenantCount];
    for (var k = 0; k < tenantCount; k++)
    {
        tenants[k] = await api.CreateTenantAsync(string.Create(inv, $"throughput {k}"));
        await api.AddDomainAsync(tenants[k], string.Create(inv, $"tp{k}.bench.example"));
    }
    string Host(int i) => string.Create(inv, $"t{i}.tp{i % tenantCount}.bench.example");
    await probe.TryAsync("warm-up.tp0.bench.example", CancellationToken.None);

    var usage0 = Usage.Read(self, pids, clkTck);
    var t0 = DateTimeOffset.UtcNow;
    var wall = Stopwatch.StartNew();
    var next = -1;
    var created = 0;
    var createdPerTenant = new int[tenantCount];
    var apiDone = new TaskCompletionSource<double>();
    var creators = Enumerable.Range(0, apiConcurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) is var i && i < n)
        {
            var host = Host(i);
            var tenant = tenants[i % tenantCount];
            try
            {
                var site = await api.CreateSiteAsync(tenant, string.Create(inv, $"site {i}"));
                await api.AddAddressAsync(tenant, site, host);
                Interlocked.Increment(ref created);
                Interlocked.Increment(ref createdPerTenant[i % tenantCount]);
            }
            catch (Exception e)
            {
                failures.Enqueue($"{host}: {e.GetType().Name}: {e.Message}");
            }
        }
    }).ToList();
    Usage? usageAtCreation = null;
    var creation = Task.WhenAll(creators).ContinueWith(_ =>
    {
        usageAtCreation = Usage.Read(self, pids, clkTck) - usage0;
        return wall.Elapsed.TotalSeconds;
    }, TaskScheduler.Default);

    // Watch the certificate list until every certificate is valid or nothing moved for stall seconds.
    var lists = 0;
    var listMs = 0.0;
    var lastValid = -1;
    var lastMove = Stopwatch.StartNew();
    var certificates = new List<JsonNode?>();
    // A tenant whose addresses are all created and whose certificates are all valid is not read again.
    var listsByTenant = new JsonArray[tenantCount];
    var tenantDone = new bool[tenantCount];
    (int Valid, int Pending, int Failed, int Retried) counts = default;
    var progress = new List<string>();
    while (true)
    {
        // Near the end the list is read more often, so the end is seen within about 200 ms.
        var remaining = n - Math.Max(0, lastValid);
        await Task.Delay(remaining <= Math.Max(50, n / 20) ? TimeSpan.FromMilliseconds(Math.Min(200, listInterval.TotalMilliseconds)) : listInterval);
        var listed = Stopwatch.GetTimestamp();
        var allCreated = creation.IsCompleted;
        certificates = [];
        await Parallel.ForEachAsync(Enumerable.Range(0, tenantCount).Where(k => !tenantDone[k]), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (k, ct) =>
        {
            listsByTenant[k] = await api.ListCertificatesAsync(tenants[k], ct);
            var expected = Volatile.Read(ref createdPerTenant[k]);
            tenantDone[k] = allCreated && listsByTenant[k].Count == expected && Count([.. listsByTenant[k]]).Valid == expected;
        });
        foreach (var list in listsByTenant)
        {
            certificates.AddRange(list);
        }
        listMs += Stopwatch.GetElapsedTime(listed).TotalMilliseconds;
        lists++;
        counts = Count(certificates);
        progress.Add(string.Create(inv, $"{wall.Elapsed.TotalSeconds:F0}s:{counts.Valid}"));
        if (counts.Valid != lastValid)
        {
            lastValid = counts.Valid;
            lastMove.Restart();
        }
        if (creation.IsCompleted && counts.Valid + counts.Failed >= created && counts.Valid >= created)
        {
            break;
        }
        if (lastMove.Elapsed > stall)
        {
            failures.Enqueue($"no certificate became valid for {stall.TotalSeconds} s ({counts.Valid} valid, {counts.Pending} pending, {counts.Failed} failed)");
            break;
        }
    }
    var observedWall = wall.Elapsed.TotalSeconds;
    var usage = Usage.Read(self, pids, clkTck) - usage0;
    var apiSeconds = await creation;
    // The wall time is what the driver saw (the first list with every certificate valid). A certificate's
    // updatedAt is no end mark: on a CA without ARI the platform looks at each new certificate once more right
    // after issuance (renewal information) and that look rewrites updatedAt.
    var wallSeconds = observedWall;

    // End to end: a sample of the names, each with a verified handshake on the edge.
    // The list says "valid" once the record is stored; the edge serves it after its next snapshot rebuild, so a
    // name is retried for up to 10 s and the longest wait is reported.
    var verified = 0;
    var maxServeWait = 0.0;
    for (var i = 0; i < verify; i++)
    {
        var host = Host((int)((long)i * n / verify));
        var asked = Stopwatch.GetTimestamp();
        var served = false;
        while (!(served = await probe.TryAsync(host, CancellationToken.None)) && Stopwatch.GetElapsedTime(asked) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
        if (served)
        {
            verified++;
            maxServeWait = Math.Max(maxServeWait, Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
        }
        else
        {
            failures.Enqueue($"{host}: no verified handshake within 10 s after the run");
        }
    }

    results.Add(("n", n.ToString(inv)));
    results.Add(("tenants", tenantCount.ToString(inv)));
    results.Add(("addresses_created", created.ToString(inv)));
    results.Add(("valid", counts.Valid.ToString(inv)));
    results.Add(("pending", counts.Pending.ToString(inv)));
    results.Add(("failed", counts.Failed.ToString(inv)));
    results.Add(("with_last_error", counts.Retried.ToString(inv)));
    results.Add(("wall_s", wallSeconds.ToString("F2", inv)));
    results.Add(("certs_per_min", (counts.Valid / wallSeconds * 60).ToString("F0", inv)));
    results.Add(("api_creation_s", apiSeconds.ToString("F2", inv)));
    results.Add(("api_addresses_per_s", (created / apiSeconds).ToString("F0", inv)));
    results.Add(("api_concurrency", apiConcurrency.ToString(inv)));
    if (usageAtCreation is { } during)
    {
        results.Add(("platform_cpu_during_creation_s", during.Platform.ToString("F2", inv)));
        results.Add(("pebble_cpu_during_creation_s", during.Pebble.ToString("F2", inv)));
    }
    results.Add(("list_polls", lists.ToString(inv)));
    results.Add(("list_avg_ms", (listMs / Math.Max(1, lists)).ToString("F0", inv)));
    results.Add(("verified_handshakes", string.Create(inv, $"{verified}/{verify}")));
    results.Add(("verify_max_wait_ms", maxServeWait.ToString("F0", inv)));
    usage.AddTo(results, Math.Max(1, counts.Valid));
    results.Add(("load_avg_end", File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)));
    results.Add(("progress", string.Join(' ', progress)));
    return counts.Valid == n && verified == verify;
}

static (int Valid, int Pending, int Failed, int Retried) Count(List<JsonNode?> certificates)
{
    int valid = 0, pending = 0, failed = 0, retried = 0;
    foreach (var c in certificates)
    {
        switch ((string?)c!["state"])
        {
            case "valid": valid++; break;
            case "failed": failed++; break;
            default: pending++; break;
        }
        if (c["lastError"] is not null)
        {
            retried++;
        }
    }
    return (valid, pending, failed, retried);
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

/// <summary>Process ids whose CPU and peak memory are reported.</summary>
internal sealed record Pids(int Platform, int Pebble, int Dns);

/// <summary>CPU seconds of the driver, the platform, Pebble and the DNS server, and load; subtract two readings.</summary>
internal sealed record Usage(double Driver, double Platform, double Pebble, double Dns, Pids Pids)
{
    public static Usage Read(Process self, Pids pids, int clkTck)
    {
        self.Refresh();
        return new(self.TotalProcessorTime.TotalSeconds, ProcStat.CpuSeconds(pids.Platform, clkTck), ProcStat.CpuSeconds(pids.Pebble, clkTck), ProcStat.CpuSeconds(pids.Dns, clkTck), pids);
    }

    public static Usage operator -(Usage a, Usage b) => new(a.Driver - b.Driver, a.Platform - b.Platform, a.Pebble - b.Pebble, a.Dns - b.Dns, a.Pids);

    public void AddTo(List<(string Key, string Value)> results, int per)
    {
        var inv = CultureInfo.InvariantCulture;
        results.Add(("platform_cpu_s", Platform.ToString("F2", inv)));
        results.Add(("platform_cpu_ms_per_cert", (Platform * 1000 / per).ToString("F2", inv)));
        results.Add(("pebble_cpu_s", Pebble.ToString("F2", inv)));
        results.Add(("pebble_cpu_ms_per_cert", (Pebble * 1000 / per).ToString("F2", inv)));
        results.Add(("dns_cpu_ms_per_cert", (Dns * 1000 / per).ToString("F2", inv)));
        results.Add(("driver_cpu_s", Driver.ToString("F2", inv)));
        results.Add(("platform_peak_rss_mb", (ProcStat.VmHwmKb(Pids.Platform) / 1024.0).ToString("F0", inv)));
        results.Add(("pebble_peak_rss_mb", (ProcStat.VmHwmKb(Pids.Pebble) / 1024.0).ToString("F0", inv)));
    }
}
