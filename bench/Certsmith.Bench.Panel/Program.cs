using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Certsmith.Bench.Issuance;
using Certsmith.Bench.Panel;

// How fast the web panel's pages are for a big tenant. See bench/README.md, "Panel pages".
//   Certsmith.Bench.Panel --sites 1000 --requests 50 [--warmup 5] [--small-tenants 200] [--small-sites 5] [--domains 50]
//     [--custom 50] [--failing-percent 5] [--budget-orders 250] [--workers 4] [--page-seconds 60] [--breakdown-runs 10]
var options = Options.Parse(args);
var shape = new PopulationShape(
    Sites: options.Int("sites", 1000),
    SmallTenants: options.Int("small-tenants", 200),
    SmallSites: options.Int("small-sites", 5),
    Domains: options.Int("domains", 50),
    Custom: options.Int("custom", 50),
    FailingPercent: options.Int("failing-percent", 5),
    BudgetOrders: options.Int("budget-orders", 250),
    Workers: options.Int("workers", 4));
var requests = options.Int("requests", 50);
var warmup = options.Int("warmup", 5);
var pageCap = TimeSpan.FromSeconds(options.Int("page-seconds", 60));
var breakdownRuns = options.Int("breakdown-runs", 10);
// For a profiler: after the figures, GET this page (by its name in the table) for --loop-seconds, between two lines on stderr.
var loopPage = options.Get("loop-page");
var loopSeconds = options.Int("loop-seconds", 20);
const double TargetP50 = 100, TargetP95 = 300;
var inv = CultureInfo.InvariantCulture;
var startedAt = DateTime.UtcNow;
var loadBefore = ReadLoad();

// Not disposed: SIGTERM (run.sh stopping the program) may cancel it while the process exits.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
var ct = stop.Token;

var directory = Directory.CreateTempSubdirectory("certsmith-bench-panel-").FullName;
try
{
    // The API tests' host: the API and the panel over SQLite, no issuance processor (tests/Certsmith.Testing/ControlPlane).
    await using var host = await ApiHost.StartAsync(databasePath: Path.Combine(directory, "certsmith.db"));
    Console.Error.WriteLine($"panel at {host.BaseAddress}; populating {shape}");
    var population = await Populator.RunAsync(host, shape, ct);
    foreach (var (what, count) in population.Counts)
    {
        Console.Error.WriteLine($"  {what}: {count}");
    }

    var t = $"/t/{population.BigTenant}";
    var pages = new (string Name, string Path, bool Admin, string[] Data)[]
    {
        ("overview", t, false, ["tenant", "banner", "domains", "sites", "counts"]),
        ("domains", $"{t}/domains", false, ["tenant", "banner", "domains"]),
        ("sites", $"{t}/sites", false, ["tenant", "banner", "sites"]),
        ("site", $"{t}/sites/{population.FirstSite}", false, ["tenant", "banner", "siteData"]),
        ("certificates", $"{t}/certificates", false, ["tenant", "banner", "counts", "certificates", "attached"]),
        ("certificate (managed)", $"{t}/certificates/{population.ManagedCertificate}", false, ["tenant", "banner", "certificate", "assignedAll"]),
        ("certificate (custom)", $"{t}/certificates/{population.CustomCertificate}", false, ["tenant", "banner", "certificate", "addresses"]),
        ("certificates/csr", $"{t}/certificates/csr", false, ["tenant", "banner"]),
        ("certificates/add", $"{t}/certificates/add", false, ["tenant", "banner"]),
        ("admin", "/admin", true, ["queueCounts", "budgets", "failing", "tenants"]),
        ("admin/queue", "/admin/queue", true, ["queueCounts", "queue"]),
        ("admin/budgets", "/admin/budgets", true, ["budgets"]),
        ("admin/failures", "/admin/failures", true, ["failing"]),
        ("admin/tenants", "/admin/tenants", true, ["tenants", "users"]),
    };

    using var tenantUser = await Browser.SignInAsync(host.BaseAddress, population.BigEmail, population.Password, ct);
    using var admin = await Browser.SignInAsync(host.BaseAddress, population.AdminEmail, population.Password, ct);
    var results = new List<PageResult>();
    foreach (var (name, path, isAdmin, data) in pages)
    {
        var result = await PageRunner.MeasureAsync(isAdmin ? admin : tenantUser, name, path, data, warmup, requests, pageCap, ct);
        Console.Error.WriteLine($"  {name}: p50 {result.Latency.P50:F1} ms, p95 {result.Latency.P95:F1} ms, {result.Bytes} bytes");
        results.Add(result);
    }

    // One form round trip: add an address on the site page (the policy runs: a certificate is created, queued, assigned).
    var postPath = $"{t}/sites/{population.PostSite}";
    var token = await tenantUser.TokenFromAsync(postPath, ct);
    var postSamples = new List<double>();
    var roundTrips = new List<double>();
    for (var k = 0; k < warmup + requests; k++)
    {
        var watch = Stopwatch.StartNew();
        var (status, location) = await tenantUser.PostFormAsync($"{postPath}?handler=AddAddress", [new("Address", $"p{k}.{population.PostDomain}")], token, ct);
        var posted = watch.Elapsed.TotalMilliseconds;
        if (status != HttpStatusCode.Redirect || location is null)
        {
            throw new InvalidOperationException($"POST {postPath}?handler=AddAddress answered {(int)status}");
        }
        var (redirected, _) = await tenantUser.GetBytesAsync(location, ct);
        if (redirected != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {location} after the POST answered {(int)redirected}");
        }
        if (k >= warmup)
        {
            postSamples.Add(posted);
            roundTrips.Add(watch.Elapsed.TotalMilliseconds);
        }
    }
    var post = Stats.Of(postSamples);
    var postAndGet = Stats.Of(roundTrips);

    var process = Process.GetCurrentProcess();
    process.Refresh();
    var workingSetAfterPages = process.WorkingSet64;
    var gcHeapAfterPages = GC.GetGCMemoryInfo().HeapSizeBytes;

    Console.Error.WriteLine("timing the Core calls the pages make, one by one");
    var calls = await Breakdown.RunAsync(host, population, breakdownRuns, ct);
    var alternatives = await Alternatives.RunAsync(host.DatabasePath, population, breakdownRuns, ct);
    process.Refresh();

    var report = new StringBuilder();
    report.AppendLine(inv, $"Panel pages, {startedAt:yyyy-MM-dd HH:mm:ss}–{DateTime.UtcNow:HH:mm:ss} UTC, {Environment.ProcessorCount} cores, load average at the start: {loadBefore}; at the end: {ReadLoad()}");
    report.AppendLine(inv, $"Big tenant: {shape.Sites} sites × 2 addresses, {shape.Domains} domains, {shape.Custom} custom certificates; {shape.SmallTenants} small tenants × {shape.SmallSites} sites. {requests} sequential requests per page after {warmup} warm-up (at most {pageCap.TotalSeconds:F0} s per page).");
    report.AppendLine();
    report.AppendLine("| page | p50 | p95 | max | size | CPU/request | allocated/request | GC pauses (all requests) | its data calls (p50, alone) | target p50 < 100 ms, p95 < 300 ms |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var r in results)
    {
        var data = r.DataCalls.Sum(k => calls[k].P50Ms);
        var met = r.Latency.P50 < TargetP50 && r.Latency.P95 < TargetP95;
        report.AppendLine(inv, $"| `{Shorten(r.Path, population)}` {r.Name} | {r.Latency.P50:F1} ms | {r.Latency.P95:F1} ms | {r.Latency.Max:F1} ms | {r.Bytes / 1024.0:F0} KiB | {r.CpuMsPerRequest:F1} ms | {r.AllocatedKbPerRequest / 1024:F1} MiB | {r.GcPauseMs:F0} ms ({r.Gen2Collections} gen2) | {data:F1} ms | {(met ? "met" : "**not met**")}{(r.Latency.Count < requests ? $" (n={r.Latency.Count})" : "")} |");
    }
    report.AppendLine(inv, $"| POST `…/sites/{{id}}?handler=AddAddress` (302) | {post.P50:F1} ms | {post.P95:F1} ms | {post.Max:F1} ms | | | | | | |");
    report.AppendLine(inv, $"| same POST + the redirected GET of the site page | {postAndGet.P50:F1} ms | {postAndGet.P95:F1} ms | {postAndGet.Max:F1} ms | | | | | | |");
    report.AppendLine();
    report.AppendLine(inv, $"Process after the pages: working set {workingSetAfterPages / 1048576.0:F0} MiB, GC heap {gcHeapAfterPages / 1048576.0:F0} MiB; peak (VmHWM) {ProcStat.VmHwmKb(Environment.ProcessId) / 1024.0:F0} MiB; gen2 collections {GC.CollectionCount(2)}.");
    report.AppendLine(inv, $"Store: {string.Join(", ", population.Counts.Select(c => $"{c.Key} {c.Value}"))}.");
    report.AppendLine();
    report.AppendLine("| Core call (as the page model makes it) | p50 alone | rows | store queries |");
    report.AppendLine("|---|---:|---:|---:|");
    foreach (var call in calls.Values)
    {
        report.AppendLine(inv, $"| {call.Label} | {call.P50Ms:F1} ms | {call.Rows} | {call.Queries} |");
    }
    report.AppendLine();
    report.AppendLine("| what a fix would read instead (plain SQL on the same file, read-only) | p50 | rows | instead of |");
    report.AppendLine("|---|---:|---:|---:|");
    foreach (var alternative in alternatives)
    {
        var replaced = calls[alternative.Replaces];
        report.AppendLine(inv, $"| {alternative.Label} | {alternative.P50Ms:F2} ms | {alternative.Rows} | {replaced.P50Ms:F1} ms ({alternative.Replaces}) |");
    }
    Console.Write(report.ToString());
    await Console.Out.FlushAsync(ct);

    if (loopPage is not null)
    {
        var (_, loopPath, loopAdmin, _) = pages.Single(p => p.Name == loopPage);
        Console.Error.WriteLine($"loop start: pid {Environment.ProcessId}, GET {loopPath} for {loopSeconds} s");
        var n = await PageRunner.LoopAsync(loopAdmin ? admin : tenantUser, loopPath, TimeSpan.FromSeconds(loopSeconds), ct);
        Console.Error.WriteLine($"loop end: {n} requests");
    }
    return 0;
}
finally
{
    try
    {
        Directory.Delete(directory, recursive: true);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"could not remove {directory}: {e.Message}");
    }
}

static string ReadLoad() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static string Shorten(string path, Population p) => path
    .Replace(p.BigTenant.ToString(), "{t}", StringComparison.Ordinal)
    .Replace(p.FirstSite.ToString(), "{id}", StringComparison.Ordinal)
    .Replace(p.ManagedCertificate.ToString(), "{id}", StringComparison.Ordinal)
    .Replace(p.CustomCertificate.ToString(), "{id}", StringComparison.Ordinal);
